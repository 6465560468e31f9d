namespace LightningSync
{
    /// <summary>A property the filter uses and the number of records without it.</summary>
    public sealed class ScopePreviewMissingProperty
    {
        /// <summary>The property name.</summary>
        public string Property { get; internal set; }
        /// <summary>Records that do not carry it.</summary>
        public long Records { get; internal set; }

        public override string ToString() => Property + ": " + Records;
    }
}
