// The Exchange cmdlet error classifier (lsync_cmdlet_error_classify). C# 5 syntax only.
using System;
using System.Runtime.InteropServices;

namespace LightningSync.Interop
{
    /// <summary>Classifies errors of Exchange cmdlets through the native library.</summary>
    public static class CmdletErrorClassifier
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int ClassifyFn(byte[] request, UIntPtr requestLength, out IntPtr text, out IntPtr error);

        /// <summary>
        /// The verdict JSON (Kind, Fault, ErrorId, Object) for a request JSON
        /// (Message, Reason, ErrorId, CreatedNames, ExpectPresent).
        /// </summary>
        public static string ClassifyJson(string request)
        {
            byte[] r = NativeLibrary.Utf8(request);
            IntPtr text;
            IntPtr error;
            int status = NativeLibrary.Export<ClassifyFn>("lsync_cmdlet_error_classify")(
                r, new UIntPtr((ulong)r.Length), out text, out error);
            NativeLibrary.Check("lsync_cmdlet_error_classify", status, error);
            return NativeLibrary.TakeText(text);
        }
    }
}
