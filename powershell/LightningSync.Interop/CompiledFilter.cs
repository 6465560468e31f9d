// A recipient filter compiled by the library (lsync_filter_*).
using System;
using System.Collections;
using System.Runtime.InteropServices;

namespace LightningSync.Interop
{
    /// <summary>A recipient filter compiled by the library; dispose it to free the native handle.</summary>
    public sealed class CompiledFilter : IDisposable
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int CompileFn(byte[] text, UIntPtr length, int environment, out IntPtr filter, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int TextQueryFn(NativeHandle filter, out IntPtr text, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int EvaluateFn(NativeHandle filter, byte[] records, UIntPtr length, int engine, out IntPtr text, out IntPtr error);

        private readonly NativeHandle handle;

        private CompiledFilter(NativeHandle handle)
        {
            this.handle = handle;
        }

        /// <summary>Compiles `text` for `environment`.</summary>
        public static CompiledFilter Compile(string text, LsyncEnvironment environment)
        {
            byte[] bytes = NativeLibrary.Utf8(text);
            IntPtr filter;
            IntPtr error;
            int status = NativeLibrary.Export<CompileFn>("lsync_filter_compile")(bytes, NativeLibrary.Size(bytes.Length), (int)environment, out filter, out error);
            NativeLibrary.Check("lsync_filter_compile", status, error);
            return new CompiledFilter(NativeHandle.Own(filter, "lsync_filter_free"));
        }

        /// <summary>The native handle, for exports that take a filter.</summary>
        public NativeHandle Handle => handle.Live("CompiledFilter");

        /// <summary>The properties used, canonical spelling, in order of first use
        /// (Properties of lsync_filter_report).</summary>
        public string[] Properties()
        {
            IDictionary report = JsonText.Parse(ReportJson()) as IDictionary;
            object[] names = (report == null ? null : report["Properties"] as object[]) ?? new object[0];
            string[] result = new string[names.Length];
            for (int k = 0; k < names.Length; k++) { result[k] = names[k] as string; }
            return result;
        }

        /// <summary>
        /// Everything known about the filter in one call (lsync_filter_report), as JSON:
        /// IsValid, Environment, Normalized, Properties, Diagnostics.
        /// </summary>
        public string ReportJson() => Query("lsync_filter_report");

        /// <summary>
        /// Evaluates the filter against a JSON array of records (property to string, string
        /// array or null) with `engine`; returns a JSON array of
        /// {"Result": "Match"|"NoMatch"|"NotEvaluable", "Reason"}.
        /// </summary>
        public string EvaluateJson(string recordsJson, LsyncEngine engine)
        {
            byte[] bytes = NativeLibrary.Utf8(recordsJson);
            IntPtr text;
            IntPtr error;
            int status = NativeLibrary.Export<EvaluateFn>("lsync_filter_evaluate")(Handle, bytes, NativeLibrary.Size(bytes.Length), (int)engine, out text, out error);
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
