namespace LightningSync
{
    /// <summary>Why some recipients cannot be decided offline, and how many.</summary>
    public sealed class ScopePreviewReason
    {
        /// <summary>The reason.</summary>
        public string Reason { get; internal set; }
        /// <summary>Records with that reason.</summary>
        public long Records { get; internal set; }

        public override string ToString() => Records + ": " + Reason;
    }
}
