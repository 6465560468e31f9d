// Turns the JSON result of a scope preview into the summary dictionary and
// LightningSync.ScopePreviewMatch objects (a .NET class, not property bags:
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
        public ScopePreviewMatch(string name, string primarySmtpAddress, string userPrincipalName, string recipientTypeDetails, string distinguishedName, string[] valueNames, object[] values, long index)
        {
            Name = name;
            PrimarySmtpAddress = primarySmtpAddress;
            UserPrincipalName = userPrincipalName;
            RecipientTypeDetails = recipientTypeDetails;
            DistinguishedName = distinguishedName;
            this.valueNames = valueNames;
            this.values = values;
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
                if (valuesObject == null)
                {
                    PSObject o = new PSObject();
                    for (int k = 0; k < valueNames.Length; k++) { o.Properties.Add(new PSNoteProperty(valueNames[k], values[k]), true); }
                    valuesObject = o;
                }
                return valuesObject;
            }
        }

        private readonly string[] valueNames;
        private readonly object[] values;
        private PSObject valuesObject;
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

        /// <summary>Parses {"Summary":{…},"Matches":[…]}.</summary>
        public static ScopePreviewResult Parse(string text)
        {
            int i = 0;
            IDictionary summary = null;
            ScopePreviewMatch[] matches = new ScopePreviewMatch[0];
            bool started = false;
            string key;
            while (JsonText.NextKey(text, ref i, ref started, out key))
            {
                if (key == "Matches") { matches = ParseMatches(text, ref i); }
                else
                {
                    object value = JsonText.ParseValue(text, ref i);
                    if (key == "Summary") { summary = value as IDictionary; }
                }
            }
            JsonText.SkipSpace(text, ref i);
            if (i != text.Length) { throw new FormatException("Unexpected data after JSON value at " + i + "."); }
            if (summary == null) { throw new FormatException("The preview result has no Summary."); }
            return new ScopePreviewResult(summary, matches);
        }

        private static ScopePreviewMatch[] ParseMatches(string s, ref int i)
        {
            List<ScopePreviewMatch> list = new List<ScopePreviewMatch>();
            bool started = false;
            while (JsonText.NextItem(s, ref i, ref started)) { list.Add(ParseMatch(s, ref i)); }
            return list.ToArray();
        }

        private static ScopePreviewMatch ParseMatch(string s, ref int i)
        {
            long index = 0;
            string name = null, smtp = null, upn = null, rtd = null, dn = null;
            List<string> valueNames = new List<string>();
            List<object> values = new List<object>();
            bool started = false;
            string key;
            while (JsonText.NextKey(s, ref i, ref started, out key))
            {
                if (key == "Values") { ParseValues(s, ref i, valueNames, values); continue; }
                object value = JsonText.ParseValue(s, ref i);
                switch (key)
                {
                    case "Index": index = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "Name": name = value as string; break;
                    case "PrimarySmtpAddress": smtp = value as string; break;
                    case "UserPrincipalName": upn = value as string; break;
                    case "RecipientTypeDetails": rtd = value as string; break;
                    case "DistinguishedName": dn = value as string; break;
                }
            }
            return new ScopePreviewMatch(name, smtp, upn, rtd, dn, valueNames.ToArray(), values.ToArray(), index);
        }

        // Each used property: null when the record does not carry it, one
        // value as a string, several (or none) as a string array. Read
        // into two arrays: no dictionary per match.
        private static void ParseValues(string s, ref int i, List<string> names, List<object> values)
        {
            JsonText.SkipSpace(s, ref i);
            if (string.CompareOrdinal(s, i, "null", 0, 4) == 0) { i += 4; return; }
            List<string> items = new List<string>();
            bool started = false;
            string key;
            while (JsonText.NextKey(s, ref i, ref started, out key))
            {
                JsonText.SkipSpace(s, ref i);
                object value = null;
                if (string.CompareOrdinal(s, i, "null", 0, 4) == 0) { i += 4; }
                else
                {
                    items.Clear();
                    bool inList = false;
                    while (JsonText.NextItem(s, ref i, ref inList)) { items.Add(JsonText.ParseString(s, ref i)); }
                    if (items.Count == 1) { value = items[0]; } else { value = items.ToArray(); }
                }
                names.Add(key);
                values.Add(value);
            }
        }
    }
}
