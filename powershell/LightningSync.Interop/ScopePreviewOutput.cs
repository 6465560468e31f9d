// The warnings a preview deserves and its -Summary object, from the summary
// JSON of the library (see lsync_preview_result_summary).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace LightningSync.Interop
{
    /// <summary>Shapes a ScopePreviewResult's summary for Get-LightningSyncScopePreview.</summary>
    public static class ScopePreviewOutput
    {
        /// <summary>The warnings: nothing or everything matched, a used property no
        /// record carries, records that cannot be decided offline.</summary>
        public static List<string> Warnings(IDictionary s)
        {
            List<string> warnings = new List<string>();
            long total = Long(s, "Total");
            long matched = Long(s, "Matched");
            if (total == 0)
            {
                warnings.Add("The preview read no recipient: the input is empty.");
            }
            else if (matched == 0)
            {
                warnings.Add(string.Format(CultureInfo.InvariantCulture, "The filter matches none of the {0} recipients read: the scope would be empty.", total));
            }
            else if (matched == total)
            {
                warnings.Add(string.Format(CultureInfo.InvariantCulture, "The filter matches all {0} recipients read: the scope would cover every recipient.", total));
            }
            IDictionary missing = Map(s, "MissingProperty");
            foreach (DictionaryEntry entry in missing)
            {
                if (total > 0 && ToLong(entry.Value) == total)
                {
                    warnings.Add("No recipient read carries the property '" + entry.Key + "' the filter uses; it counts as empty. Give an export that has it (Department is on Get-User, CustomAttribute1 on Get-Mailbox).");
                }
            }
            long notEvaluable = Long(s, "NotEvaluable");
            if (notEvaluable > 0)
            {
                List<string> reasons = new List<string>();
                foreach (DictionaryEntry entry in Map(s, "NotEvaluableReasons")) { reasons.Add((string)entry.Key); }
                warnings.Add(string.Format(CultureInfo.InvariantCulture, "{0} recipient(s) cannot be decided offline: {1}", notEvaluable, string.Join("; ", reasons.ToArray())));
            }
            return warnings;
        }

        /// <summary>The LightningSync.ScopePreviewSummary of a preview.</summary>
        public static ScopePreviewSummary Summary(IDictionary s, string environment)
        {
            List<ScopePreviewTypeCount> byType = new List<ScopePreviewTypeCount>();
            foreach (DictionaryEntry entry in Map(s, "ByRecipientTypeDetails"))
            {
                IDictionary counts = entry.Value as IDictionary ?? new Hashtable();
                byType.Add(new ScopePreviewTypeCount { RecipientTypeDetails = (string)entry.Key, Total = Long(counts, "Total"), Matched = Long(counts, "Matched") });
            }
            List<ScopePreviewMissingProperty> missing = new List<ScopePreviewMissingProperty>();
            foreach (DictionaryEntry entry in Map(s, "MissingProperty"))
            {
                missing.Add(new ScopePreviewMissingProperty { Property = (string)entry.Key, Records = ToLong(entry.Value) });
            }
            List<ScopePreviewReason> reasons = new List<ScopePreviewReason>();
            foreach (DictionaryEntry entry in Map(s, "NotEvaluableReasons"))
            {
                reasons.Add(new ScopePreviewReason { Reason = (string)entry.Key, Records = ToLong(entry.Value) });
            }
            List<ScopePreviewSource> sources = new List<ScopePreviewSource>();
            foreach (object item in List(s, "Sources"))
            {
                IDictionary src = item as IDictionary;
                if (src == null) { continue; }
                sources.Add(new ScopePreviewSource
                {
                    Path = src["Path"] as string,
                    Format = src["Format"] as string,
                    Encoding = src["Encoding"] as string,
                    Records = Long(src, "Records"),
                    Bytes = Long(src, "Bytes"),
                });
            }
            List<string> properties = new List<string>();
            foreach (object name in List(s, "Properties")) { properties.Add(name as string); }
            return new ScopePreviewSummary
            {
                RecipientFilter = s["Filter"] as string,
                Environment = environment,
                Properties = properties.ToArray(),
                Total = Long(s, "Total"),
                Matched = Long(s, "Matched"),
                NotMatched = Long(s, "NotMatched"),
                NotEvaluable = Long(s, "NotEvaluable"),
                NotEvaluableReasons = reasons.ToArray(),
                MissingProperty = missing.ToArray(),
                ByRecipientTypeDetails = byType.ToArray(),
                Merged = Long(s, "Merged"),
                Sources = sources.ToArray(),
            };
        }

        private static long Long(IDictionary s, string key) => s.Contains(key) ? ToLong(s[key]) : 0;

        private static long ToLong(object value)
        {
            if (value is int) { return (int)value; }
            if (value is long) { return (long)value; }
            if (value is double) { return (long)(double)value; }
            return 0;
        }

        private static IDictionary Map(IDictionary s, string key) => (s.Contains(key) ? s[key] as IDictionary : null) ?? new Hashtable();

        private static object[] List(IDictionary s, string key) => (s.Contains(key) ? s[key] as object[] : null) ?? new object[0];
    }
}
