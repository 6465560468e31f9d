// Builds the preview records (property -> text) of PowerShell objects as JSON.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Text;

namespace LightningSync.Interop
{
    /// <summary>Builds the preview records (property -> text) of PowerShell objects as JSON.</summary>
    public static class RecordWriter
    {
        /// <summary>One JSON array with a record per object, holding only `properties` the object has.</summary>
        public static string ToJson(IList<object> objects, string[] properties)
        {
            StringBuilder sb = new StringBuilder(objects.Count * 64 * Math.Max(1, properties.Length));
            sb.Append('[');
            for (int i = 0; i < objects.Count; i++)
            {
                if (i > 0) { sb.Append(','); }
                PSObject obj = PSObject.AsPSObject(objects[i] ?? new object());
                sb.Append('{');
                bool first = true;
                foreach (string name in properties)
                {
                    PSPropertyInfo property = obj.Properties[name];
                    if (property == null) { continue; }
                    object value;
                    try { value = property.Value; }
                    catch (Exception) { continue; }
                    if (!first) { sb.Append(','); }
                    first = false;
                    JsonText.AppendString(sb, property.Name);
                    sb.Append(':');
                    AppendValue(sb, value);
                }
                sb.Append('}');
            }
            sb.Append(']');
            return sb.ToString();
        }

        private static void AppendValue(StringBuilder sb, object value)
        {
            object bare = Unwrap(value);
            if (bare == null) { sb.Append("null"); return; }
            if (!(bare is string) && !(bare is IDictionary) && bare is IEnumerable)
            {
                sb.Append('[');
                bool first = true;
                foreach (object item in (IEnumerable)bare)
                {
                    string text = Text(item);
                    if (text == null) { continue; }
                    if (!first) { sb.Append(','); }
                    first = false;
                    JsonText.AppendString(sb, text);
                }
                sb.Append(']');
                return;
            }
            string single = Text(bare);
            if (single == null) { sb.Append("null"); } else { JsonText.AppendString(sb, single); }
        }

        private static object Unwrap(object value)
        {
            PSObject ps = value as PSObject;
            if (ps == null) { return value; }
            object baseObject = ps.BaseObject;
            if (baseObject is PSCustomObject) { return ps; }
            return baseObject;
        }

        /// <summary>The text Exchange shows for one value, or null.</summary>
        public static string Text(object value)
        {
            object bare = Unwrap(value);
            if (bare == null) { return null; }
            string s = bare as string;
            if (s != null) { return s; }
            if (bare is bool) { return (bool)bare ? "True" : "False"; }
            if (bare is DateTime) { return ((DateTime)bare).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture); }
            if (bare is Enum) { return bare.ToString(); }
            IFormattable formattable = bare as IFormattable;
            if (formattable != null) { return formattable.ToString(null, CultureInfo.InvariantCulture); }
            return bare.ToString();
        }
    }
}
