// Turns the typed JSON of lsync_recipient_import_next into what Import-Clixml returns.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Text;

namespace LightningSync.Interop
{
    /// <summary>Turns the typed JSON of lsync_recipient_import_next into what Import-Clixml returns.</summary>
    public static class ImportedValue
    {
        /// <summary>Reads a batch (a JSON array of records, see recipient::import in the
        /// library) straight into .NET values, without an intermediate JSON tree: a
        /// record has dozens of properties and a batch hundreds of records.</summary>
        public static object[] ReadBatch(string s)
        {
            int i = 0;
            List<object> records = new List<object>();
            bool started = false;
            while (JsonText.NextItem(s, ref i, ref started)) { records.Add(Read(s, ref i)); }
            JsonText.SkipSpace(s, ref i);
            if (i != s.Length) { throw new FormatException("Unexpected data after JSON value at " + i + "."); }
            return records.ToArray();
        }

        // One value: a list as an ArrayList, a tagged map ({"Type": tag, ...}) as its
        // .NET value, anything else (string, bool, number, null) as it is.
        private static object Read(string s, ref int i)
        {
            JsonText.SkipSpace(s, ref i);
            if (i >= s.Length) { throw new FormatException("Unexpected end of JSON."); }
            char c = s[i];
            bool started = false;
            if (c == '[')
            {
                ArrayList list = new ArrayList();
                while (JsonText.NextItem(s, ref i, ref started)) { list.Add(Read(s, ref i)); }
                return list;
            }
            if (c == '{') { return ReadTagged(s, ref i); }
            return JsonText.ParseValue(s, ref i);
        }

        // {"Type": tag, "Value": text} for a primitive, {"Type": "DCT", "Value": [[key, value]...]},
        // {"Type": "Obj"|"Csv", "TypeNames": [...], "ToString": ..., "Props": [[name, value]...]}.
        // Keys may come in any order; the tag decides at the end.
        private static object ReadTagged(string s, ref int i)
        {
            string tag = null;
            string text = null;
            string display = null;
            List<object> pairs = null;
            List<string> typeNames = null;
            bool started = false;
            string key;
            while (JsonText.NextKey(s, ref i, ref started, out key))
            {
                JsonText.SkipSpace(s, ref i);
                if (key == "Type") { tag = JsonText.ParseString(s, ref i); }
                else if ((key == "Value" || key == "Props") && i < s.Length && s[i] == '[') { pairs = ReadPairs(s, ref i); }
                else if (key == "Value") { text = JsonText.ParseValue(s, ref i) as string; }
                else if (key == "ToString") { display = JsonText.ParseValue(s, ref i) as string; }
                else if (key == "TypeNames")
                {
                    typeNames = new List<string>();
                    bool inList = false;
                    while (JsonText.NextItem(s, ref i, ref inList)) { typeNames.Add(JsonText.ParseValue(s, ref i) as string); }
                }
                else { Read(s, ref i); }
            }
            switch (tag)
            {
                case "Obj": return DeserializedText.Attach(NewObject(typeNames, pairs, true), display);
                case "Csv": return NewObject(typeNames, pairs, false);
                case "DCT": return NewDictionary(pairs);
                default: return FromTag(tag, text);
            }
        }

        // [[first, second]...]: names (strings) or keys (values) with their values,
        // as alternating items.
        private static List<object> ReadPairs(string s, ref int i)
        {
            List<object> pairs = new List<object>();
            bool started = false;
            while (JsonText.NextItem(s, ref i, ref started))
            {
                bool inPair = false;
                int n = 0;
                while (JsonText.NextItem(s, ref i, ref inPair)) { pairs.Add(Read(s, ref i)); n++; }
                if (n != 2) { throw new FormatException("Expected a [name, value] pair in JSON before " + i + "."); }
            }
            return pairs;
        }

        private static Hashtable NewDictionary(List<object> pairs)
        {
            Hashtable table = new Hashtable(StringComparer.OrdinalIgnoreCase);
            if (pairs == null) { return table; }
            for (int k = 0; k + 1 < pairs.Count; k += 2)
            {
                if (pairs[k] != null) { table[pairs[k]] = pairs[k + 1]; }
            }
            return table;
        }

        // A primitive from its CLIXML tag and invariant text.
        private static object FromTag(string tag, string text)
        {
            switch (tag)
            {
                case "Skipped": return null;
                case "C": return (char)int.Parse(text, CultureInfo.InvariantCulture);
                case "DT": return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                case "TS": return ParseDuration(text);
                case "By": return byte.Parse(text, CultureInfo.InvariantCulture);
                case "SB": return sbyte.Parse(text, CultureInfo.InvariantCulture);
                case "U16": return ushort.Parse(text, CultureInfo.InvariantCulture);
                case "I16": return short.Parse(text, CultureInfo.InvariantCulture);
                case "U32": return uint.Parse(text, CultureInfo.InvariantCulture);
                case "I32": return int.Parse(text, CultureInfo.InvariantCulture);
                case "U64": return ulong.Parse(text, CultureInfo.InvariantCulture);
                case "I64": return long.Parse(text, CultureInfo.InvariantCulture);
                case "Sg": return (float)ParseDouble(text);
                case "Db": return ParseDouble(text);
                case "D": return decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                case "G": return new Guid(text);
                case "URI": return new Uri(text, UriKind.RelativeOrAbsolute);
                case "Version": return new Version(text);
                default: return text;
            }
        }

        /// <summary>An xs:double as XmlConvert writes it (INF, -INF, NaN, "R" format).</summary>
        public static double ParseDouble(string text)
        {
            switch (text)
            {
                case "INF": return double.PositiveInfinity;
                case "-INF": return double.NegativeInfinity;
                case "NaN": return double.NaN;
                default: return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        /// <summary>An xs:duration without years or months (PnDTnHnMn.nS), as PowerShell writes TimeSpan.</summary>
        public static TimeSpan ParseDuration(string text)
        {
            int i = 0;
            bool negative = false;
            if (i < text.Length && text[i] == '-') { negative = true; i++; }
            if (i >= text.Length || text[i] != 'P') { throw new FormatException("Not an xs:duration: " + text); }
            i++;
            long ticks = 0;
            bool time = false;
            while (i < text.Length)
            {
                if (text[i] == 'T') { time = true; i++; continue; }
                int start = i;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.')) { i++; }
                if (i >= text.Length || start == i) { throw new FormatException("Not an xs:duration: " + text); }
                decimal number = decimal.Parse(text.Substring(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                char unit = text[i++];
                decimal unitTicks;
                if (unit == 'D' && !time) { unitTicks = TimeSpan.TicksPerDay; }
                else if (unit == 'H' && time) { unitTicks = TimeSpan.TicksPerHour; }
                else if (unit == 'M' && time) { unitTicks = TimeSpan.TicksPerMinute; }
                else if (unit == 'S' && time) { unitTicks = TimeSpan.TicksPerSecond; }
                else { throw new FormatException("Not an xs:duration: " + text); }
                ticks += (long)(number * unitTicks);
            }
            return new TimeSpan(negative ? -ticks : ticks);
        }

        // deserialized: CLIXML objects, whose type names Import-Clixml prefixes
        // with "Deserialized."; CSV rows keep the names as Import-Csv sets them.
        private static PSObject NewObject(List<string> typeNames, List<object> props, bool deserialized)
        {
            PSObject result = new PSObject();
            if (typeNames != null && typeNames.Count > 0)
            {
                result.TypeNames.Clear();
                foreach (string n in typeNames)
                {
                    string name = n;
                    if (deserialized && !name.StartsWith("Deserialized.", StringComparison.OrdinalIgnoreCase)) { name = "Deserialized." + name; }
                    result.TypeNames.Add(name);
                }
            }
            if (props != null)
            {
                // The first of two same-named properties wins, as in
                // Import-Clixml. Names are tracked here: asking
                // result.Properties[name] resolves the whole member set (its
                // adapters included) each time, which made a 55-property
                // object cost a third of a millisecond. (A Dictionary, not a
                // HashSet: that lives in System.Core, which Windows
                // PowerShell 5.1's Add-Type does not reference.)
                Dictionary<string, bool> seen = new Dictionary<string, bool>(props.Count / 2, StringComparer.OrdinalIgnoreCase);
                for (int k = 0; k + 1 < props.Count; k += 2)
                {
                    string name = props[k] as string;
                    if (name != null && !seen.ContainsKey(name))
                    {
                        seen.Add(name, true);
                        result.Properties.Add(new PSNoteProperty(name, props[k + 1]), true);
                    }
                }
            }
            return result;
        }
    }
}
