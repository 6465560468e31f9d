namespace LightningSync
{
    /// <summary>Recipients read and matched of one RecipientTypeDetails.</summary>
    public sealed class ScopePreviewTypeCount
    {
        /// <summary>The RecipientTypeDetails value.</summary>
        public string RecipientTypeDetails { get; internal set; }
        /// <summary>Recipients of that type read.</summary>
        public long Total { get; internal set; }
        /// <summary>Recipients of that type inside the scope.</summary>
        public long Matched { get; internal set; }

        public override string ToString() => RecipientTypeDetails + ": " + Matched + " of " + Total;
    }
}
