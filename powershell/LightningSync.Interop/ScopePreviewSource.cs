namespace LightningSync
{
    /// <summary>One export file a preview read.</summary>
    public sealed class ScopePreviewSource
    {
        /// <summary>Full path.</summary>
        public string Path { get; internal set; }
        /// <summary>Clixml or Csv.</summary>
        public string Format { get; internal set; }
        /// <summary>The text encoding found (Utf8, Utf16Le...), or null.</summary>
        public string Encoding { get; internal set; }
        /// <summary>Records read from it.</summary>
        public long Records { get; internal set; }
        /// <summary>Its size in bytes.</summary>
        public long Bytes { get; internal set; }

        public override string ToString() => Path;
    }
}
