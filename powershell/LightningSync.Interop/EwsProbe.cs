// EWS impersonation probe exports (lsync_ews_*).
using System;
using System.Runtime.InteropServices;

namespace LightningSync.Interop
{
    /// <summary>Builds EWS probe requests and classifies the answers, through the native library.</summary>
    public static class EwsProbe
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int BuildFn(byte[] mailbox, UIntPtr mailboxLength, byte[] kind, UIntPtr kindLength,
            byte[] version, UIntPtr versionLength, out IntPtr text, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int ClassifyFn(int httpStatus, byte[] body, UIntPtr bodyLength, int expectation,
            out IntPtr text, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int ClassifyFailureFn(byte[] code, UIntPtr codeLength, byte[] detail, UIntPtr detailLength,
            int expectation, out IntPtr text, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int TableFn(out IntPtr text, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate UIntPtr ReadLimitFn();

        /// <summary>The request for one mailbox as JSON (Body, AnchorMailbox, IdentifierKind, Mailbox, ServerVersion, ContentType).</summary>
        public static string BuildGetFolderJson(string mailbox, string identifierKind, string serverVersion)
        {
            byte[] m = NativeLibrary.Utf8(mailbox);
            byte[] k = NativeLibrary.Utf8(identifierKind);
            byte[] v = NativeLibrary.Utf8(serverVersion);
            IntPtr text;
            IntPtr error;
            int status = NativeLibrary.Export<BuildFn>("lsync_ews_build_get_folder")(
                m, new UIntPtr((ulong)m.Length), k, new UIntPtr((ulong)k.Length),
                v, new UIntPtr((ulong)v.Length), out text, out error);
            NativeLibrary.Check("lsync_ews_build_get_folder", status, error);
            return NativeLibrary.TakeText(text);
        }

        /// <summary>
        /// Like BuildGetFolderJson, but returns false and the failure instead of
        /// throwing, so a refused mailbox does not raise an exception in the
        /// caller's session (PowerShell records caught exceptions in -ErrorVariable).
        /// </summary>
        public static bool TryBuildGetFolderJson(string mailbox, string identifierKind, string serverVersion,
            out string json, out NativeException failure)
        {
            try
            {
                json = BuildGetFolderJson(mailbox, identifierKind, serverVersion);
                failure = null;
                return true;
            }
            catch (NativeException e)
            {
                json = null;
                failure = e;
                return false;
            }
        }

        /// <summary>Classifies an HTTP answer; only the first `length` bytes of `body` are read.</summary>
        public static string ClassifyJson(int httpStatus, byte[] body, int length, bool expectDenied)
        {
            if (body == null)
            {
                body = new byte[0];
            }
            if (length < 0 || length > body.Length)
            {
                throw new ArgumentOutOfRangeException("length");
            }
            IntPtr text;
            IntPtr error;
            int status = NativeLibrary.Export<ClassifyFn>("lsync_ews_classify")(
                httpStatus, body, new UIntPtr((ulong)length), (int)Expectation(expectDenied), out text, out error);
            NativeLibrary.Check("lsync_ews_classify", status, error);
            return NativeLibrary.TakeText(text);
        }

        /// <summary>Classifies a probe without an HTTP answer: code is Timeout, ConnectionFailed or TlsFailed.</summary>
        public static string ClassifyFailureJson(string code, string detail, bool expectDenied)
        {
            byte[] c = NativeLibrary.Utf8(code);
            byte[] d = NativeLibrary.Utf8(detail);
            IntPtr text;
            IntPtr error;
            int status = NativeLibrary.Export<ClassifyFailureFn>("lsync_ews_classify_failure")(
                c, new UIntPtr((ulong)c.Length), d, new UIntPtr((ulong)d.Length), (int)Expectation(expectDenied), out text, out error);
            NativeLibrary.Check("lsync_ews_classify_failure", status, error);
            return NativeLibrary.TakeText(text);
        }

        /// <summary>Every outcome code with its meaning and fix, as a JSON array.</summary>
        public static string CodeTableJson()
        {
            IntPtr text;
            IntPtr error;
            int status = NativeLibrary.Export<TableFn>("lsync_ews_code_table")(out text, out error);
            NativeLibrary.Check("lsync_ews_code_table", status, error);
            return NativeLibrary.TakeText(text);
        }

        /// <summary>The most bytes of a response body worth reading.</summary>
        public static int ReadLimit()
        {
            return (int)NativeLibrary.Export<ReadLimitFn>("lsync_ews_read_limit")().ToUInt64();
        }

        private static LsyncExpectation Expectation(bool expectDenied)
        {
            return expectDenied ? LsyncExpectation.Denied : LsyncExpectation.Granted;
        }
    }
}
