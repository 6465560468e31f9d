// The HTML audit report export (lsync_report_render). C# 5 syntax only;
// self-contained apart from the shared loader (NativeLibrary).
using System;
using System.Runtime.InteropServices;

namespace LightningSync.Interop
{
    /// <summary>Renders the self-contained HTML audit report through the native library.</summary>
    public static class ReportNative
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int RenderFn(byte[] snapshot, UIntPtr snapshotLength, byte[] options, UIntPtr optionsLength, out IntPtr html, out IntPtr error);

        private const string Export = "lsync_report_render";

        /// <summary>The report page (HTML text) of a snapshot (CLIXML) with the report options (JSON).</summary>
        public static string Render(string snapshotClixml, string optionsJson)
        {
            byte[] snapshot = NativeLibrary.Utf8(snapshotClixml);
            byte[] options = NativeLibrary.Utf8(optionsJson);
            IntPtr html;
            IntPtr error;
            int status = NativeLibrary.Export<RenderFn>(Export)(snapshot, new UIntPtr((ulong)snapshot.Length), options, new UIntPtr((ulong)options.Length), out html, out error);
            NativeLibrary.Check(Export, status, error);
            return NativeLibrary.TakeText(html);
        }
    }
}
