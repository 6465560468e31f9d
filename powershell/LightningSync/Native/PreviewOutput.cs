// Turns the result of a scope preview (summary JSON and match table) into
// the summary dictionary and LightningSync.ScopePreviewMatch objects (a .NET class, not property bags:
// a preview can return hundreds of thousands). C# 5 syntax only.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace LightningSync
{
    /// <summary>One recipient inside a previewed scope
    /// (Get-LightningSyncScopePreview output).</summary>
    public sealed class ScopePreviewMatch
    {
        /// <summary>Builds a match.</summary>
        public ScopePreviewMatch(string name, string primarySmtpAddress, string userPrincipalName, string recipientTypeDetails, string distinguishedName, string valuesJson, long index)
        {
            Name = name;
            PrimarySmtpAddress = primarySmtpAddress;
            UserPrincipalName = userPrincipalName;
            RecipientTypeDetails = recipientTypeDetails;
            DistinguishedName = distinguishedName;
            this.valuesJson = valuesJson;
            Index = index;
        }

        /// <summary>The recipient's Name.</summary>
        public string Name { get; private set; }
        /// <summary>PrimarySmtpAddress, or the primary SMTP: proxy address.</summary>
        public string PrimarySmtpAddress { get; private set; }
        /// <summary>UserPrincipalName.</summary>
        public string UserPrincipalName { get; private set; }
        /// <summary>RecipientTypeDetails.</summary>
        public string RecipientTypeDetails { get; private set; }
        /// <summary>DistinguishedName.</summary>
        public string DistinguishedName { get; private set; }
        /// <summary>Each property the filter uses: $null when the record does
        /// not carry it, one value as a string, several as a string array.</summary>
        public PSObject Values
        {
            get
            {
                // Built on first use: most matches are counted, listed or
                // exported by identity and never have their values read.
                if (valuesObject == null) { valuesObject = ParseValues(valuesJson ?? "{}"); }
                return valuesObject;
            }
        }

        private readonly string valuesJson;
        private PSObject valuesObject;

        // {"Property":["v"…]|null,…}: null when the record does not carry
        // the property, one value as a string, several (or none) as a
        // string array.
        private static PSObject ParseValues(string s)
        {
            PSObject o = new PSObject();
            int i = 0;
            bool started = false;
            string key;
            List<string> items = new List<string>();
            while (LightningSync.Interop.JsonText.NextKey(s, ref i, ref started, out key))
            {
                LightningSync.Interop.JsonText.SkipSpace(s, ref i);
                object value = null;
                if (string.CompareOrdinal(s, i, "null", 0, 4) == 0) { i += 4; }
                else
                {
                    items.Clear();
                    bool inList = false;
                    while (LightningSync.Interop.JsonText.NextItem(s, ref i, ref inList)) { items.Add(LightningSync.Interop.JsonText.ParseString(s, ref i)); }
                    if (items.Count == 1) { value = items[0]; } else { value = items.ToArray(); }
                }
                o.Properties.Add(new PSNoteProperty(key, value), true);
            }
            return o;
        }
        /// <summary>0-based position of the record among all records read.</summary>
        public long Index { get; private set; }

        /// <summary>The name, as the default display.</summary>
        public override string ToString() { return Name ?? string.Empty; }
    }
}

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
        internal static ScopePreviewResult Read(string summaryJson, long[] rows, byte[] text)
        {
            IDictionary summary = JsonText.Parse(summaryJson) as IDictionary;
            if (summary == null) { throw new FormatException("The preview result has no summary."); }
            const int width = 13;
            ScopePreviewMatch[] matches = new ScopePreviewMatch[rows.Length / width];
            for (int k = 0; k < matches.Length; k++)
            {
                int at = k * width;
                matches[k] = new ScopePreviewMatch(Cell(rows, at + 1, text), Cell(rows, at + 3, text), Cell(rows, at + 5, text),
                    Cell(rows, at + 7, text), Cell(rows, at + 9, text), Cell(rows, at + 11, text), rows[at]);
            }
            return new ScopePreviewResult(summary, matches);
        }

        // An (offset, length) pair of a row; offset UINT64_MAX (-1 here) is
        // an absent text.
        private static string Cell(long[] rows, int at, byte[] text)
        {
            long offset = rows[at];
            if (offset == -1) { return null; }
            long length = rows[at + 1];
            if (offset < 0 || length < 0 || offset + length > text.Length) { throw new FormatException("A preview match points outside its text."); }
            return System.Text.Encoding.UTF8.GetString(text, (int)offset, (int)length);
        }
    }
}
