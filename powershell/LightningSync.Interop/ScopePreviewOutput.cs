// The warnings the library found in a preview and its -Summary object, from
// the summary JSON of the library (see lsync_preview_result_summary).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace LightningSync.Interop
{
    /// <summary>Shapes a ScopePreviewResult's summary for Get-LightningSyncScopePreview.</summary>
    public static class ScopePreviewOutput
    {
        /// <summary>The warnings: the messages of the findings the library
        /// reports with the summary (nothing or everything matched, an empty
        /// input, a used property no record carries, records that cannot be
        /// decided offline; see lsync_preview_result_summary).</summary>
        public static List<string> Warnings(IDictionary s)
        {
            List<string> warnings = new List<string>();
            foreach (object item in List(s, "Findings"))
            {
                IDictionary finding = item as IDictionary;
                string message = finding == null || !finding.Contains("Message") ? null : finding["Message"] as string;
                if (!string.IsNullOrEmpty(message)) { warnings.Add(message); }
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
