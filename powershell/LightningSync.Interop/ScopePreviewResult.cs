using System;
using System.Collections;

namespace LightningSync.Interop
{
    /// <summary>A parsed scope-preview result.</summary>
    public sealed class ScopePreviewResult
    {
        private readonly IDictionary summary;
        private readonly ScopePreviewMatch[] matches;

        private ScopePreviewResult(IDictionary summary, ScopePreviewMatch[] matches)
        {
            this.summary = summary;
            this.matches = matches;
        }

        /// <summary>The "Summary" object, as JsonText.Parse returns objects.</summary>
        public IDictionary Summary { get { return summary; } }

        /// <summary>One object per match, in input order.</summary>
        public ScopePreviewMatch[] Matches { get { return matches; } }

        /// <summary>Reads a native LsyncPreviewResult (summary JSON and match
        /// table; see lsync_preview_result_matches). The caller frees it.</summary>
        internal static ScopePreviewResult Read(string summaryJson, long[] rows, int rowWidth, byte[] text)
        {
            IDictionary summary = JsonText.Parse(summaryJson) as IDictionary;
            if (summary == null) { throw new FormatException("The preview result has no summary."); }
            MatchTexts texts = new MatchTexts(rows, rowWidth, text);
            ScopePreviewMatch[] matches = new ScopePreviewMatch[texts.Count];
            for (int k = 0; k < matches.Length; k++) { matches[k] = new ScopePreviewMatch(texts, k); }
            return new ScopePreviewResult(summary, matches);
        }
    }
}
