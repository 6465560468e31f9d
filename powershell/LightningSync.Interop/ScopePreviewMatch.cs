using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace LightningSync
{
    /// <summary>One recipient inside a previewed scope
    /// (Get-LightningSyncScopePreview output).</summary>
    public sealed class ScopePreviewMatch
    {
        // The texts are decoded from the shared table on first use: a
        // preview that is counted, filtered by one property or cut short
        // with Select-Object -First never decodes the rest.
        private readonly MatchTexts texts;
        private readonly int row;
        private readonly string[] cells = new string[6];
        private int decoded;

        internal ScopePreviewMatch(MatchTexts texts, int row)
        {
            this.texts = texts;
            this.row = row;
        }

        private string Cell(int column)
        {
            if ((decoded & (1 << column)) == 0)
            {
                cells[column] = texts.Cell(row, column);
                decoded |= 1 << column;
            }
            return cells[column];
        }

        /// <summary>The recipient's Name.</summary>
        public string Name { get { return Cell(0); } }
        /// <summary>PrimarySmtpAddress, or the primary SMTP: proxy address.</summary>
        public string PrimarySmtpAddress { get { return Cell(1); } }
        /// <summary>UserPrincipalName.</summary>
        public string UserPrincipalName { get { return Cell(2); } }
        /// <summary>RecipientTypeDetails.</summary>
        public string RecipientTypeDetails { get { return Cell(3); } }
        /// <summary>DistinguishedName.</summary>
        public string DistinguishedName { get { return Cell(4); } }
        /// <summary>0-based position of the record among all records read.</summary>
        public long Index { get { return texts.Rows[row * texts.Width]; } }
        /// <summary>Each property the filter uses: $null when the record does
        /// not carry it, one value as a string, several as a string array.</summary>
        public PSObject Values
        {
            get
            {
                if (valuesObject == null) { valuesObject = ParseValues(Cell(5) ?? "{}"); }
                return valuesObject;
            }
        }

        private PSObject valuesObject;

        // {"Property":["v"...]|null,...}: null when the record does not carry
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
        /// <summary>The name, as the default display.</summary>
        public override string ToString() { return Name ?? string.Empty; }
    }
}
