// A recipient filter compiled by the library (lsync_filter_*).
using System;
using System.Runtime.InteropServices;

namespace LightningSync.Interop
{
    /// <summary>A recipient filter compiled by the library; dispose it to free the native handle.</summary>
    public sealed class CompiledFilter : IDisposable
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int CompileFn(byte[] text, UIntPtr length, int environment, out IntPtr filter, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int IsValidFn(NativeHandle filter);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int TextQueryFn(NativeHandle filter, out IntPtr text, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int EvaluateFn(NativeHandle filter, byte[] records, UIntPtr length, int engine, out IntPtr text, out IntPtr error);

        private const int StatusOk = 0;
        private readonly NativeHandle handle;

        private CompiledFilter(NativeHandle handle)
        {
            this.handle = handle;
        }

        /// <summary>Compiles `text` for environment 0 (OnPremises) or 1 (ExchangeOnline).</summary>
        public static CompiledFilter Compile(string text, int environment)
        {
            byte[] bytes = NativeLibrary.Utf8(text);
            IntPtr filter;
            IntPtr error;
            int status = NativeLibrary.Export<CompileFn>("lsync_filter_compile")(bytes, NativeLibrary.Size(bytes.Length), environment, out filter, out error);
            NativeLibrary.Check("lsync_filter_compile", status, error);
            return new CompiledFilter(NativeHandle.Own(filter, "lsync_filter_free"));
        }

        /// <summary>The native handle, for exports that take a filter.</summary>
        public NativeHandle Handle
        {
            get
            {
                if (handle.IsClosed)
                {
                    throw new ObjectDisposedException("CompiledFilter");
                }
                return handle;
            }
        }

        /// <summary>True when the filter has no errors.</summary>
        public bool IsValid => NativeLibrary.Export<IsValidFn>("lsync_filter_is_valid")(Handle) == StatusOk;

        /// <summary>Exchange's canonical text of the filter; throws NativeException when the filter is invalid.</summary>
        public string Canonical() => Query("lsync_filter_canonical");

        /// <summary>The diagnostics as a JSON array.</summary>
        public string DiagnosticsJson() => Query("lsync_filter_diagnostics");

        /// <summary>The properties used, as a JSON array of names.</summary>
        public string PropertiesJson() => Query("lsync_filter_properties");

        /// <summary>The properties used, canonical spelling, in order of first use.</summary>
        public string[] Properties()
        {
            object[] names = JsonText.Parse(PropertiesJson()) as object[] ?? new object[0];
            string[] result = new string[names.Length];
            for (int k = 0; k < names.Length; k++) { result[k] = names[k] as string; }
            return result;
        }

        /// <summary>
        /// Everything known about the filter in one call (lsync_filter_report), as JSON:
        /// isValid, environment, normalized, properties, diagnostics.
        /// </summary>
        public string ReportJson() => Query("lsync_filter_report");

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
            int status = NativeLibrary.Export<EvaluateFn>("lsync_filter_evaluate")(Handle, bytes, NativeLibrary.Size(bytes.Length), engine, out text, out error);
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
            handle.Dispose();
        }
    }
}
