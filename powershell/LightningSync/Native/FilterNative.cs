// Recipient-filter exports (lsync_filter_*). C# 5 syntax only.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace LightningSync.Interop
{
    /// <summary>A recipient filter compiled by the library; dispose it to free the native handle.</summary>
    public sealed class CompiledFilter : IDisposable
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int CompileFn(byte[] text, UIntPtr length, int environment, out IntPtr filter, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int IsValidFn(IntPtr filter);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int TextQueryFn(IntPtr filter, out IntPtr text, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int EvaluateFn(IntPtr filter, byte[] records, UIntPtr length, int engine, out IntPtr text, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate void FreeFn(IntPtr filter);

        private const int StatusOk = 0;
        private IntPtr handle;

        private CompiledFilter(IntPtr handle)
        {
            this.handle = handle;
        }

        /// <summary>Compiles `text` for environment 0 (OnPremises) or 1 (ExchangeOnline).</summary>
        public static CompiledFilter Compile(string text, int environment)
        {
            byte[] bytes = NativeLibrary.Utf8(text);
            IntPtr filter;
            IntPtr error;
            int status = NativeLibrary.Export<CompileFn>("lsync_filter_compile")(bytes, new UIntPtr((ulong)bytes.Length), environment, out filter, out error);
            NativeLibrary.Check("lsync_filter_compile", status, error);
            return new CompiledFilter(filter);
        }

        /// <summary>The native handle, for exports that take a filter.</summary>
        public IntPtr Handle
        {
            get
            {
                if (handle == IntPtr.Zero)
                {
                    throw new ObjectDisposedException("CompiledFilter");
                }
                return handle;
            }
        }

        /// <summary>True when the filter has no errors.</summary>
        public bool IsValid
        {
            get { return NativeLibrary.Export<IsValidFn>("lsync_filter_is_valid")(Handle) == StatusOk; }
        }

        /// <summary>Exchange's canonical text of the filter; throws NativeException when the filter is invalid.</summary>
        public string Canonical()
        {
            return Query("lsync_filter_canonical");
        }

        /// <summary>The diagnostics as a JSON array.</summary>
        public string DiagnosticsJson()
        {
            return Query("lsync_filter_diagnostics");
        }

        /// <summary>The properties used, as a JSON array of names.</summary>
        public string PropertiesJson()
        {
            return Query("lsync_filter_properties");
        }

        /// <summary>
        /// Everything known about the filter in one call (lsync_filter_report), as JSON:
        /// isValid, environment, normalized, properties, diagnostics.
        /// </summary>
        public string ReportJson()
        {
            return Query("lsync_filter_report");
        }

        /// <summary>
        /// Evaluates the filter against a JSON array of records (property to string, string
        /// array or null) with engine 0 (as RBAC decides scope membership), 1 (in-memory) or
        /// 2 (LDAP); returns a JSON array of {"result": "Match"|"NoMatch"|"NotEvaluable", "reason"}.
        /// </summary>
        public string EvaluateJson(string recordsJson, int engine)
        {
            byte[] bytes = NativeLibrary.Utf8(recordsJson);
            IntPtr text;
            IntPtr error;
            int status = NativeLibrary.Export<EvaluateFn>("lsync_filter_evaluate")(Handle, bytes, new UIntPtr((ulong)bytes.Length), engine, out text, out error);
            NativeLibrary.Check("lsync_filter_evaluate", status, error);
            return NativeLibrary.TakeText(text);
        }

        private string Query(string export)
        {
            IntPtr text;
            IntPtr error;
            int status = NativeLibrary.Export<TextQueryFn>(export)(Handle, out text, out error);
            NativeLibrary.Check(export, status, error);
            return NativeLibrary.TakeText(text);
        }

        public void Dispose()
        {
            if (handle != IntPtr.Zero)
            {
                NativeLibrary.Export<FreeFn>("lsync_filter_free")(handle);
                handle = IntPtr.Zero;
            }
            GC.SuppressFinalize(this);
        }

        ~CompiledFilter()
        {
            if (handle != IntPtr.Zero)
            {
                try { NativeLibrary.Export<FreeFn>("lsync_filter_free")(handle); } catch (Exception) { }
                handle = IntPtr.Zero;
            }
        }
    }

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
        /// Compiles `text` for environment 0 (OnPremises) or 1 (ExchangeOnline), reads the whole
        /// report in one native call (lsync_filter_report) and returns it as a
        /// LightningSync.RecipientFilterTestResult. Plain .NET objects rather than PSObjects with
        /// note properties: building those costs more than the native check itself.
        /// </summary>
        public static LightningSync.RecipientFilterTestResult Test(string text, int environment)
        {
            string json;
            using (CompiledFilter filter = CompiledFilter.Compile(text, environment))
            {
                json = filter.ReportJson();
            }
            Dictionary<string, object> report = FilterJson.Parse(json) as Dictionary<string, object>;
            if (report == null)
            {
                throw new InvalidOperationException("lsync_filter_report returned JSON that is not an object.");
            }
            List<LightningSync.FilterDiagnostic> errors = new List<LightningSync.FilterDiagnostic>();
            List<LightningSync.FilterDiagnostic> warnings = new List<LightningSync.FilterDiagnostic>();
            foreach (object item in AsList(Member(report, "diagnostics")))
            {
                Dictionary<string, object> d = item as Dictionary<string, object>;
                if (d == null)
                {
                    continue;
                }
                LightningSync.FilterDiagnostic diagnostic = new LightningSync.FilterDiagnostic(
                    Member(d, "severity") as string,
                    Member(d, "code") as string,
                    Member(d, "message") as string,
                    Member(d, "hint") as string,
                    AsPosition(Member(d, "position")));
                if (string.Equals(diagnostic.Severity, "Error", StringComparison.Ordinal))
                {
                    errors.Add(diagnostic);
                }
                else
                {
                    warnings.Add(diagnostic);
                }
            }
            List<string> properties = new List<string>();
            foreach (object name in AsList(Member(report, "properties")))
            {
                properties.Add(name as string);
            }
            object isValid = Member(report, "isValid");
            return new LightningSync.RecipientFilterTestResult(
                text,
                isValid is bool && (bool)isValid,
                errors.ToArray(),
                warnings.ToArray(),
                Member(report, "normalized") as string,
                properties.ToArray(),
                Member(report, "environment") as string);
        }

        /// <summary>
        /// Builds a filter from a JSON array of {"property": name, "values": [..]} for environment
        /// 0 or 1 (lsync_filter_build); returns the filter text. Throws NativeException (status 102,
        /// every problem in the message) for conditions Exchange would reject.
        /// </summary>
        public static string Build(string conditionsJson, int environment)
        {
            byte[] bytes = NativeLibrary.Utf8(conditionsJson);
            IntPtr text;
            IntPtr error;
            int status = NativeLibrary.Export<BuildFn>("lsync_filter_build")(bytes, new UIntPtr((ulong)bytes.Length), environment, out text, out error);
            NativeLibrary.Check("lsync_filter_build", status, error);
            return NativeLibrary.TakeText(text);
        }

        /// <summary>
        /// Like Build, but returns false and the library's message instead of throwing, so an
        /// expected refusal does not raise an exception in the caller's session (PowerShell
        /// records caught exceptions in -ErrorVariable).
        /// </summary>
        public static bool TryBuild(string conditionsJson, int environment, out string filter, out NativeException failure)
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

        /// <summary>JSON text of a string, quoted and escaped (for building conditions and records).</summary>
        public static string JsonString(string value)
        {
            return FilterJson.Quote(value);
        }

        private static object Member(Dictionary<string, object> obj, string name)
        {
            object value;
            return obj.TryGetValue(name, out value) ? value : null;
        }

        private static IEnumerable<object> AsList(object value)
        {
            List<object> list = value as List<object>;
            return list == null ? (IEnumerable<object>)NoObjects : list;
        }

        private static int? AsPosition(object value)
        {
            if (value is long)
            {
                long n = (long)value;
                if (n >= int.MinValue && n <= int.MaxValue)
                {
                    return (int)n;
                }
            }
            return null;
        }
    }

    /// <summary>
    /// A small JSON reader and string quoter for the library's results (objects become
    /// Dictionary&lt;string, object&gt;, arrays List&lt;object&gt;, integers long, other numbers
    /// double). .NET Framework has no JSON reader that both editions share.
    /// </summary>
    internal sealed class FilterJson
    {
        private readonly string text;
        private int index;

        private FilterJson(string text)
        {
            this.text = text;
        }

        /// <summary>Parses one JSON value; throws FormatException for malformed text.</summary>
        public static object Parse(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException("text");
            }
            FilterJson reader = new FilterJson(text);
            object value = reader.Value();
            reader.SkipSpace();
            if (reader.index != text.Length)
            {
                throw reader.Fail("end of input");
            }
            return value;
        }

        /// <summary>The JSON string literal for `value` (null gives null).</summary>
        public static string Quote(string value)
        {
            if (value == null)
            {
                return "null";
            }
            StringBuilder b = new StringBuilder(value.Length + 2);
            b.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': b.Append("\\\""); break;
                    case '\\': b.Append("\\\\"); break;
                    case '\n': b.Append("\\n"); break;
                    case '\r': b.Append("\\r"); break;
                    case '\t': b.Append("\\t"); break;
                    default:
                        if (c < 0x20 || char.IsSurrogate(c))
                        {
                            b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            b.Append(c);
                        }
                        break;
                }
            }
            b.Append('"');
            return b.ToString();
        }

        private FormatException Fail(string expected)
        {
            return new FormatException(string.Format(CultureInfo.InvariantCulture, "Malformed JSON from the LightningSync library: expected {0} at offset {1}.", expected, index));
        }

        private void SkipSpace()
        {
            while (index < text.Length && (text[index] == ' ' || text[index] == '\t' || text[index] == '\n' || text[index] == '\r'))
            {
                index++;
            }
        }

        private object Value()
        {
            SkipSpace();
            if (index >= text.Length)
            {
                throw Fail("a value");
            }
            char c = text[index];
            switch (c)
            {
                case '{': return ObjectValue();
                case '[': return ArrayValue();
                case '"': return StringValue();
                case 't': return Literal("true", true);
                case 'f': return Literal("false", false);
                case 'n': return Literal("null", null);
                default: return NumberValue();
            }
        }

        private object Literal(string word, object value)
        {
            if (string.CompareOrdinal(text, index, word, 0, word.Length) != 0)
            {
                throw Fail(word);
            }
            index += word.Length;
            return value;
        }

        private Dictionary<string, object> ObjectValue()
        {
            Dictionary<string, object> obj = new Dictionary<string, object>(StringComparer.Ordinal);
            index++;
            SkipSpace();
            if (index < text.Length && text[index] == '}')
            {
                index++;
                return obj;
            }
            while (true)
            {
                SkipSpace();
                if (index >= text.Length || text[index] != '"')
                {
                    throw Fail("a member name");
                }
                string name = StringValue();
                SkipSpace();
                if (index >= text.Length || text[index] != ':')
                {
                    throw Fail("':'");
                }
                index++;
                obj[name] = Value();
                SkipSpace();
                if (index < text.Length && text[index] == ',')
                {
                    index++;
                    continue;
                }
                if (index < text.Length && text[index] == '}')
                {
                    index++;
                    return obj;
                }
                throw Fail("',' or '}'");
            }
        }

        private List<object> ArrayValue()
        {
            List<object> list = new List<object>();
            index++;
            SkipSpace();
            if (index < text.Length && text[index] == ']')
            {
                index++;
                return list;
            }
            while (true)
            {
                list.Add(Value());
                SkipSpace();
                if (index < text.Length && text[index] == ',')
                {
                    index++;
                    continue;
                }
                if (index < text.Length && text[index] == ']')
                {
                    index++;
                    return list;
                }
                throw Fail("',' or ']'");
            }
        }

        private string StringValue()
        {
            index++;
            StringBuilder b = null;
            int start = index;
            while (index < text.Length)
            {
                char c = text[index];
                if (c == '"')
                {
                    string plain = text.Substring(start, index - start);
                    index++;
                    return b == null ? plain : b.Append(plain).ToString();
                }
                if (c != '\\')
                {
                    index++;
                    continue;
                }
                if (b == null)
                {
                    b = new StringBuilder();
                }
                b.Append(text, start, index - start);
                if (index + 1 >= text.Length)
                {
                    throw Fail("an escape");
                }
                char e = text[index + 1];
                index += 2;
                switch (e)
                {
                    case '"': b.Append('"'); break;
                    case '\\': b.Append('\\'); break;
                    case '/': b.Append('/'); break;
                    case 'b': b.Append('\b'); break;
                    case 'f': b.Append('\f'); break;
                    case 'n': b.Append('\n'); break;
                    case 'r': b.Append('\r'); break;
                    case 't': b.Append('\t'); break;
                    case 'u':
                        int code;
                        if (index + 4 > text.Length || !int.TryParse(text.Substring(index, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code))
                        {
                            throw Fail("four hex digits");
                        }
                        b.Append((char)code);
                        index += 4;
                        break;
                    default:
                        throw Fail("a valid escape");
                }
                start = index;
            }
            throw Fail("'\"'");
        }

        private object NumberValue()
        {
            int start = index;
            while (index < text.Length && "+-0123456789.eE".IndexOf(text[index]) >= 0)
            {
                index++;
            }
            string number = text.Substring(start, index - start);
            long whole;
            if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out whole))
            {
                return whole;
            }
            double real;
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out real))
            {
                return real;
            }
            throw Fail("a value");
        }
    }
}

namespace LightningSync
{
    /// <summary>One error or warning about a recipient filter (Test-LightningSyncRecipientFilter).</summary>
    public sealed class FilterDiagnostic
    {
        private readonly string severity;
        private readonly string code;
        private readonly string message;
        private readonly string hint;
        private readonly int? position;

        public FilterDiagnostic(string severity, string code, string message, string hint, int? position)
        {
            this.severity = severity;
            this.code = code;
            this.message = message;
            this.hint = hint;
            this.position = position;
        }

        /// <summary>Error (Exchange rejects the filter) or Warning.</summary>
        public string Severity { get { return severity; } }

        /// <summary>Stable identifier, e.g. UnknownProperty, NotEqualMatchesEmpty.</summary>
        public string Code { get { return code; } }

        /// <summary>Exchange's English wording where Exchange has one.</summary>
        public string Message { get { return message; } }

        /// <summary>How to fix it, or null.</summary>
        public string Hint { get { return hint; } }

        /// <summary>1-based character position in the filter, or null.</summary>
        public int? Position { get { return position; } }

        public override string ToString()
        {
            string first = message ?? string.Empty;
            int end = first.IndexOf('\n');
            if (end >= 0)
            {
                first = first.Substring(0, end);
            }
            if (!string.IsNullOrEmpty(hint))
            {
                // The fix ("Did you mean Department?") belongs on the line an
                // admin sees in the default table, not only in the Hint property.
                first = first.TrimEnd() + " " + hint;
            }
            return position.HasValue ? string.Format("{0} at {1}: {2}", code, position.Value, first) : string.Format("{0}: {1}", code, first);
        }
    }

    /// <summary>The result of Test-LightningSyncRecipientFilter for one filter.</summary>
    public sealed class RecipientFilterTestResult
    {
        private readonly string recipientFilter;
        private readonly bool isValid;
        private readonly FilterDiagnostic[] errors;
        private readonly FilterDiagnostic[] warnings;
        private readonly string normalized;
        private readonly string[] properties;
        private readonly string environment;

        public RecipientFilterTestResult(string recipientFilter, bool isValid, FilterDiagnostic[] errors, FilterDiagnostic[] warnings,
            string normalized, string[] properties, string environment)
        {
            this.recipientFilter = recipientFilter;
            this.isValid = isValid;
            this.errors = errors;
            this.warnings = warnings;
            this.normalized = normalized;
            this.properties = properties;
            this.environment = environment;
        }

        /// <summary>The filter text checked (a script block's text without its braces).</summary>
        public string RecipientFilter { get { return recipientFilter; } }

        /// <summary>True when Exchange accepts the filter.</summary>
        public bool IsValid { get { return isValid; } }

        /// <summary>Why Exchange rejects the filter; empty when valid.</summary>
        public FilterDiagnostic[] Errors { get { return errors; } }

        /// <summary>Filters Exchange accepts but that probably do not do what was meant.</summary>
        public FilterDiagnostic[] Warnings { get { return warnings; } }

        /// <summary>The RecipientFilter text Exchange stores, or null when invalid.</summary>
        public string Normalized { get { return normalized; } }

        /// <summary>Properties used, canonical spelling, in order of first use.</summary>
        public string[] Properties { get { return properties; } }

        /// <summary>OnPremises or ExchangeOnline.</summary>
        public string Environment { get { return environment; } }

        public override string ToString()
        {
            return recipientFilter;
        }
    }
}
