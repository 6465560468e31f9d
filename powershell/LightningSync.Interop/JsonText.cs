// The one JSON reader and writer of the interop.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Text;

namespace LightningSync.Interop
{
    /// <summary>
    /// The one JSON reader and writer for everything the library returns: a
    /// streaming reader (NextKey/NextItem, for large results read straight into
    /// objects) and Parse (objects become OrderedDictionary, arrays object[],
    /// numbers Int32/Int64/Double). Hand-written because .NET Framework has no
    /// JSON reader both editions share, and System.Text.Json on netstandard2.0
    /// brings six dependency assemblies whose versions Windows PowerShell 5.1
    /// cannot redirect.
    /// </summary>
    public static class JsonText
    {
        /// <summary>A JSON array of strings.</summary>
        public static string StringArray(string[] values)
        {
            StringBuilder sb = new StringBuilder();
            sb.Append('[');
            for (int i = 0; i < values.Length; i++)
            {
                if (i > 0) { sb.Append(','); }
                AppendString(sb, values[i]);
            }
            sb.Append(']');
            return sb.ToString();
        }

        /// <summary>Appends `value` as a JSON string literal.</summary>
        public static void AppendString(StringBuilder sb, string value)
        {
            sb.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < ' ' || char.IsSurrogate(c)) { sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); }
                        else { sb.Append(c); }
                        break;
                }
            }
            sb.Append('"');
        }

        /// <summary>Parses one JSON document.</summary>
        public static object Parse(string text)
        {
            int i = 0;
            object value = ParseValue(text, ref i);
            SkipSpace(text, ref i);
            if (i != text.Length) { throw new FormatException("Unexpected data after JSON value at " + i + "."); }
            return value;
        }

        /// <summary>Steps through a JSON object: the first call reads '{',
        /// each call then reads the next key and its ':' (the caller reads the
        /// value) and returns true, or reads '}' and returns false.</summary>
        internal static bool NextKey(string s, ref int i, ref bool started, out string key)
        {
            key = null;
            if (!NextEntry(s, ref i, ref started, '{', '}')) { return false; }
            key = ParseString(s, ref i);
            SkipSpace(s, ref i);
            Expect(s, ref i, ':');
            return true;
        }

        /// <summary>Steps through a JSON array as NextKey does through an
        /// object: true when an item follows (the caller reads it).</summary>
        internal static bool NextItem(string s, ref int i, ref bool started)
        {
            return NextEntry(s, ref i, ref started, '[', ']');
        }

        private static bool NextEntry(string s, ref int i, ref bool started, char open, char close)
        {
            SkipSpace(s, ref i);
            if (!started)
            {
                Expect(s, ref i, open);
                started = true;
                SkipSpace(s, ref i);
                if (i < s.Length && s[i] == close) { i++; return false; }
                return true;
            }
            if (i < s.Length && s[i] == ',') { i++; SkipSpace(s, ref i); return true; }
            Expect(s, ref i, close);
            return false;
        }

        internal static void SkipSpace(string s, ref int i)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) { i++; }
        }

        internal static object ParseValue(string s, ref int i)
        {
            SkipSpace(s, ref i);
            if (i >= s.Length) { throw new FormatException("Unexpected end of JSON."); }
            char c = s[i];
            bool started = false;
            if (c == '{')
            {
                OrderedDictionary map = new OrderedDictionary(StringComparer.Ordinal);
                string key;
                while (NextKey(s, ref i, ref started, out key)) { map[key] = ParseValue(s, ref i); }
                return map;
            }
            if (c == '[')
            {
                List<object> items = new List<object>();
                while (NextItem(s, ref i, ref started)) { items.Add(ParseValue(s, ref i)); }
                return items.ToArray();
            }
            if (c == '"') { return ParseString(s, ref i); }
            if (string.CompareOrdinal(s, i, "true", 0, 4) == 0) { i += 4; return true; }
            if (string.CompareOrdinal(s, i, "false", 0, 5) == 0) { i += 5; return false; }
            if (string.CompareOrdinal(s, i, "null", 0, 4) == 0) { i += 4; return null; }
            int start = i;
            while (i < s.Length && "+-0123456789.eE".IndexOf(s[i]) >= 0) { i++; }
            string number = s.Substring(start, i - start);
            if (number.Length == 0) { throw new FormatException("Unexpected character '" + c + "' in JSON at " + start + "."); }
            int asInt;
            if (int.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out asInt)) { return asInt; }
            long asLong;
            if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out asLong)) { return asLong; }
            return double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        internal static void Expect(string s, ref int i, char c)
        {
            if (i >= s.Length || s[i] != c) { throw new FormatException("Expected '" + c + "' in JSON at " + i + "."); }
            i++;
        }

        internal static string ParseString(string s, ref int i)
        {
            Expect(s, ref i, '"');
            StringBuilder sb = null;
            int start = i;
            while (true)
            {
                if (i >= s.Length) { throw new FormatException("Unterminated JSON string."); }
                char c = s[i];
                if (c == '"')
                {
                    string result = sb == null ? s.Substring(start, i - start) : sb.Append(s, start, i - start).ToString();
                    i++;
                    return result;
                }
                if (c != '\\') { i++; continue; }
                if (sb == null) { sb = new StringBuilder(); }
                sb.Append(s, start, i - start);
                char e = s[i + 1];
                i += 2;
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        sb.Append((char)int.Parse(s.Substring(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 4;
                        break;
                    default: throw new FormatException("Bad escape in JSON string at " + i + ".");
                }
                start = i;
            }
        }
    }
}
