// Typed plan and audit output from the planner's JSON (the plan contract,
// rust/plan/mod.rs), read with the one JSON reader.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace LightningSync.Interop
{
    /// <summary>Builds LightningSync.Plan, PlanStep and Finding objects.</summary>
    public static class PlanReader
    {
        /// <summary>The LightningSync.Plan of a plan document.</summary>
        public static Plan Read(string json)
        {
            IDictionary d = JsonText.Parse(json) as IDictionary;
            if (d == null) { throw new FormatException("The plan document is not a JSON object."); }
            List<PlanStep> steps = new List<PlanStep>();
            foreach (object item in List(d, "Steps"))
            {
                IDictionary s = item as IDictionary;
                if (s == null) { continue; }
                steps.Add(new PlanStep
                {
                    Index = (int)Number(s, "Index"),
                    Action = Text(s, "Action"),
                    Target = Text(s, "Target"),
                    Reason = Text(s, "Reason"),
                    Cmdlet = Text(s, "Cmdlet"),
                    Parameters = Get(s, "Parameters") == null ? new PSObject() : ToPSObject(Get(s, "Parameters"), false),
                    Command = Text(s, "Command"),
                    Undo = Get(s, "Undo") == null ? null : ToPSObject(Get(s, "Undo"), true),
                    Verify = Get(s, "Verify") == null ? null : ToPSObject(Get(s, "Verify"), true),
                    ForEach = Text(s, "ForEach"),
                });
            }
            List<string> names = new List<string>();
            foreach (object name in List(d, "AssignmentNames")) { names.Add(name as string); }
            return new Plan(json)
            {
                Kind = Text(d, "Kind"),
                Target = Text(d, "Target"),
                Converged = Get(d, "Converged") is bool && (bool)Get(d, "Converged"),
                ScopeName = Text(d, "ScopeName"),
                AssignmentName = Text(d, "AssignmentName"),
                AssignmentNames = names.ToArray(),
                ExchangeVersion = Text(d, "ExchangeVersion"),
                Principal = Text(d, "Principal"),
                Steps = steps.ToArray(),
                Findings = Findings(List(d, "Findings")),
            };
        }

        /// <summary>The findings of an audit document (lsync_audit_snapshot).</summary>
        public static Finding[] AuditFindings(string json)
        {
            IDictionary d = JsonText.Parse(json) as IDictionary;
            return d == null ? new Finding[0] : Findings(List(d, "Findings"));
        }

        private static Finding[] Findings(object[] items)
        {
            List<Finding> findings = new List<Finding>();
            foreach (object item in items)
            {
                IDictionary f = item as IDictionary;
                if (f == null) { continue; }
                findings.Add(new Finding(Text(f, "Severity"), Text(f, "Code"), Text(f, "Target"), Text(f, "Message"), Text(f, "Fix")));
            }
            return findings.ToArray();
        }

        /// <summary>A JSON value as PowerShell sees ConvertFrom-Json's: objects as
        /// PSCustomObjects, arrays as object[]; with `pascal`, the object's own
        /// member names start upper-case (cmdlet -> Cmdlet), its values' are kept
        /// (they are cmdlet parameter and property names).</summary>
        public static PSObject ToPSObject(object value, bool pascal)
        {
            IDictionary map = value as IDictionary;
            PSObject result = new PSObject();
            if (map == null) { return result; }
            foreach (DictionaryEntry entry in map)
            {
                string name = (string)entry.Key;
                if (pascal && name.Length > 0) { name = char.ToUpperInvariant(name[0]) + name.Substring(1); }
                result.Properties.Add(new PSNoteProperty(name, Value(entry.Value)), true);
            }
            return result;
        }

        private static object Value(object value)
        {
            if (value is IDictionary) { return ToPSObject(value, false); }
            object[] list = value as object[];
            if (list != null)
            {
                object[] copy = new object[list.Length];
                for (int k = 0; k < list.Length; k++) { copy[k] = Value(list[k]); }
                return copy;
            }
            return value;
        }

        private static object Get(IDictionary d, string key) => d.Contains(key) ? d[key] : null;

        private static string Text(IDictionary d, string key)
        {
            object value = Get(d, key);
            if (value == null) { return null; }
            return value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        private static long Number(IDictionary d, string key)
        {
            object value = Get(d, key);
            if (value is int) { return (int)value; }
            if (value is long) { return (long)value; }
            return 0;
        }

        private static object[] List(IDictionary d, string key) => Get(d, key) as object[] ?? new object[0];
    }
}
