// The recipient-filter calls the cmdlets make (lsync_filter_report, _build, _catalog).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace LightningSync.Interop
{
    /// <summary>
    /// The recipient-filter calls the cmdlets make: one check per filter with the result built
    /// as a PowerShell object here (no JSON parsing in script), the builder and the catalog.
    /// </summary>
    public static class RecipientFilterCheck
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int BuildFn(byte[] conditions, UIntPtr length, int environment, out IntPtr text, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int CatalogFn(out IntPtr text, out IntPtr error);

        private static readonly object[] NoObjects = new object[0];

        /// <summary>
        /// Compiles `text` for `environment`, reads the whole
        /// report in one native call (lsync_filter_report) and returns it as a
        /// LightningSync.RecipientFilterTestResult. Plain .NET objects rather than PSObjects with
        /// note properties: building those costs more than the native check itself.
        /// </summary>
        public static LightningSync.RecipientFilterTestResult Test(string text, LsyncEnvironment environment)
        {
            string json;
            using (CompiledFilter filter = CompiledFilter.Compile(text, environment))
            {
                json = filter.ReportJson();
            }
            // Read straight into the result (no intermediate tree): this runs
            // once per call of Test-LightningSyncRecipientFilter.
            List<LightningSync.FilterDiagnostic> errors = new List<LightningSync.FilterDiagnostic>();
            List<LightningSync.FilterDiagnostic> warnings = new List<LightningSync.FilterDiagnostic>();
            List<string> properties = new List<string>();
            bool isValid = false;
            string normalized = null;
            string environmentName = null;
            int i = 0;
            bool started = false;
            string key;
            while (JsonText.NextKey(json, ref i, ref started, out key))
            {
                if (key == "Diagnostics")
                {
                    ReadDiagnostics(json, ref i, errors, warnings);
                    continue;
                }
                if (key == "Properties")
                {
                    bool inList = false;
                    while (JsonText.NextItem(json, ref i, ref inList)) { properties.Add(JsonText.ParseValue(json, ref i) as string); }
                    continue;
                }
                object value = JsonText.ParseValue(json, ref i);
                if (key == "IsValid") { isValid = value is bool && (bool)value; }
                else if (key == "Normalized") { normalized = value as string; }
                else if (key == "Environment") { environmentName = value as string; }
            }
            return new LightningSync.RecipientFilterTestResult(
                text, isValid, errors.ToArray(), warnings.ToArray(), normalized, properties.ToArray(), environmentName);
        }

        // [{"Severity", "Code", "Message", "Hint", "Position"}...], errors and warnings apart.
        private static void ReadDiagnostics(string json, ref int i, List<LightningSync.FilterDiagnostic> errors, List<LightningSync.FilterDiagnostic> warnings)
        {
            bool inList = false;
            while (JsonText.NextItem(json, ref i, ref inList))
            {
                string severity = null, code = null, message = null, hint = null;
                int? position = null;
                bool inObject = false;
                string key;
                while (JsonText.NextKey(json, ref i, ref inObject, out key))
                {
                    object value = JsonText.ParseValue(json, ref i);
                    switch (key)
                    {
                        case "Severity": severity = value as string; break;
                        case "Code": code = value as string; break;
                        case "Message": message = value as string; break;
                        case "Hint": hint = value as string; break;
                        case "Position": position = AsPosition(value); break;
                    }
                }
                LightningSync.FilterDiagnostic diagnostic = new LightningSync.FilterDiagnostic(severity, code, message, hint, position);
                if (string.Equals(severity, "Error", StringComparison.Ordinal)) { errors.Add(diagnostic); }
                else { warnings.Add(diagnostic); }
            }
        }

        /// <summary>
        /// Builds a filter from a JSON array of {"property": name, "values": [..]} for environment
        /// 0 or 1 (lsync_filter_build); returns the filter text. Throws NativeException (status 102,
        /// every problem in the message) for conditions Exchange would reject.
        /// </summary>
        public static string Build(string conditionsJson, LsyncEnvironment environment)
        {
            byte[] bytes = NativeLibrary.Utf8(conditionsJson);
            IntPtr text;
            IntPtr error;
            int status = NativeLibrary.Export<BuildFn>("lsync_filter_build")(bytes, new UIntPtr((ulong)bytes.Length), (int)environment, out text, out error);
            NativeLibrary.Check("lsync_filter_build", status, error);
            return NativeLibrary.TakeText(text);
        }

        /// <summary>
        /// Like Build, but returns false and the library's message instead of throwing, so an
        /// expected refusal does not raise an exception in the caller's session (PowerShell
        /// records caught exceptions in -ErrorVariable).
        /// </summary>
        public static bool TryBuild(string conditionsJson, LsyncEnvironment environment, out string filter, out NativeException failure)
        {
            try
            {
                filter = Build(conditionsJson, environment);
                failure = null;
                return true;
            }
            catch (NativeException e)
            {
                filter = null;
                failure = e;
                return false;
            }
        }

        /// <summary>The catalog of filterable properties as a JSON array (lsync_filter_catalog).</summary>
        public static string CatalogJson()
        {
            IntPtr text;
            IntPtr error;
            int status = NativeLibrary.Export<CatalogFn>("lsync_filter_catalog")(out text, out error);
            NativeLibrary.Check("lsync_filter_catalog", status, error);
            return NativeLibrary.TakeText(text);
        }

        private static LightningSync.FilterableProperty[] catalog;

        /// <summary>
        /// The catalog of filterable properties (lsync_filter_catalog) as LightningSync.FilterableProperty
        /// objects, in the library's order (by name): read across the ABI once per process, then the same
        /// array for Get-LightningSyncFilterableProperty and tab completion alike.
        /// </summary>
        public static LightningSync.FilterableProperty[] Catalog()
        {
            LightningSync.FilterableProperty[] current = catalog;
            if (current == null)
            {
                current = ReadCatalog();
                catalog = current;
            }
            return current;
        }

        private static LightningSync.FilterableProperty[] ReadCatalog()
        {
            List<LightningSync.FilterableProperty> catalog = new List<LightningSync.FilterableProperty>();
            foreach (object item in AsList(JsonText.Parse(CatalogJson())))
            {
                IDictionary e = item as IDictionary;
                if (e == null) { continue; }
                List<string> values = new List<string>();
                foreach (object v in AsList(Member(e, "Values"))) { values.Add(v as string); }
                catalog.Add(new LightningSync.FilterableProperty
                {
                    Name = Member(e, "Name") as string,
                    Type = Member(e, "Type") as string,
                    DotNetType = Member(e, "DotNetType") as string,
                    LdapAttribute = Member(e, "LdapAttribute") as string,
                    MultiValued = True(Member(e, "MultiValued")),
                    Wildcards = Member(e, "Wildcards") as string,
                    Calculated = True(Member(e, "Calculated")),
                    FilterOnly = True(Member(e, "FilterOnly")),
                    ExchangeServerOnly = True(Member(e, "ExchangeServerOnly")),
                    Documented = True(Member(e, "Documented")),
                    Values = values.ToArray(),
                    Flags = True(Member(e, "Flags")),
                    Notes = Member(e, "Notes") as string,
                });
            }
            return catalog.ToArray();
        }

        private static bool True(object value) => value is bool && (bool)value;

        /// <summary>JSON text of a string, quoted and escaped (for building conditions and records).</summary>
        public static string JsonString(string value)
        {
            if (value == null) { return "null"; }
            System.Text.StringBuilder b = new System.Text.StringBuilder(value.Length + 2);
            JsonText.AppendString(b, value);
            return b.ToString();
        }

        private static object Member(IDictionary obj, string name)
        {
            return obj.Contains(name) ? obj[name] : null;
        }

        private static IEnumerable<object> AsList(object value)
        {
            object[] list = value as object[];
            return list ?? NoObjects;
        }

        private static int? AsPosition(object value)
        {
            if (value is int) { return (int)value; }
            return null;
        }
    }
}
