// Recipient-filter exports (lsync_filter_*). C# 5 syntax only.
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
        private delegate int IsValidFn(IntPtr filter);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int TextQueryFn(IntPtr filter, out IntPtr text, out IntPtr error);
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
}
