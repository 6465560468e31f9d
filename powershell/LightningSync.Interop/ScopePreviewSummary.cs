namespace LightningSync
{
    /// <summary>The counts of a scope preview (Get-LightningSyncScopePreview -Summary).</summary>
    public sealed class ScopePreviewSummary
    {
        /// <summary>The filter previewed.</summary>
        public string RecipientFilter { get; internal set; }
        /// <summary>OnPremises or ExchangeOnline.</summary>
        public string Environment { get; internal set; }
        /// <summary>Properties the filter uses.</summary>
        public string[] Properties { get; internal set; }
        /// <summary>Recipients read.</summary>
        public long Total { get; internal set; }
        /// <summary>Recipients inside the scope.</summary>
        public long Matched { get; internal set; }
        /// <summary>Recipients outside the scope.</summary>
        public long NotMatched { get; internal set; }
        /// <summary>Recipients that cannot be decided offline.</summary>
        public long NotEvaluable { get; internal set; }
        /// <summary>Why recipients cannot be decided offline.</summary>
        public ScopePreviewReason[] NotEvaluableReasons { get; internal set; }
        /// <summary>Used properties some records lack.</summary>
        public ScopePreviewMissingProperty[] MissingProperty { get; internal set; }
        /// <summary>Counts by RecipientTypeDetails.</summary>
        public ScopePreviewTypeCount[] ByRecipientTypeDetails { get; internal set; }
        /// <summary>Records merged across a Get-User and a Get-Mailbox export.</summary>
        public long Merged { get; internal set; }
        /// <summary>The files read.</summary>
        public ScopePreviewSource[] Sources { get; internal set; }
    }
}
