namespace LightningSync
{
    /// <summary>A property an OPATH recipient filter can use
    /// (Get-LightningSyncFilterableProperty output).</summary>
    public sealed class FilterableProperty
    {
        /// <summary>The canonical name.</summary>
        public string Name { get; internal set; }
        /// <summary>The value type as OPATH sees it (String, DistinguishedName, Boolean...).</summary>
        public string Type { get; internal set; }
        /// <summary>The Exchange .NET type.</summary>
        public string DotNetType { get; internal set; }
        /// <summary>The Active Directory attribute, or null for calculated properties.</summary>
        public string LdapAttribute { get; internal set; }
        /// <summary>True for multi-valued properties.</summary>
        public bool MultiValued { get; internal set; }
        /// <summary>Where wildcards work (No, Trailing, Any...).</summary>
        public string Wildcards { get; internal set; }
        /// <summary>True when Exchange calculates it.</summary>
        public bool Calculated { get; internal set; }
        /// <summary>True when only filters know it (not an output property).</summary>
        public bool FilterOnly { get; internal set; }
        /// <summary>True when it exists on Exchange Server only, not online.</summary>
        public bool ExchangeServerOnly { get; internal set; }
        /// <summary>True when Microsoft documents it as filterable.</summary>
        public bool Documented { get; internal set; }
        /// <summary>The values an enumeration takes.</summary>
        public string[] Values { get; internal set; }
        /// <summary>True for a flags enumeration.</summary>
        public bool Flags { get; internal set; }
        /// <summary>Remarks.</summary>
        public string Notes { get; internal set; }

        public override string ToString() => Name;
    }
}
