// Reads and frees an LsyncPreviewResult.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Text;

namespace LightningSync.Interop
{
    /// <summary>Reads and frees an LsyncPreviewResult: its summary JSON and
    /// its match table, copied out in two blocks.</summary>
    internal static class PreviewResultReader
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int SummaryFn(NativeHandle result, out IntPtr text, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int MatchesFn(NativeHandle result, out IntPtr rows, out UIntPtr rowCount, out UIntPtr rowWidth, out IntPtr text, out UIntPtr textLength, out IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int ResultFn(NativeHandle owner, out IntPtr result, out IntPtr error);

        /// <summary>Calls `export` (lsync_preview_job_finish_result or
        /// lsync_preview_batch_snapshot) on `owner` and reads the result it
        /// hands out.</summary>
        internal static ScopePreviewResult From(string export, NativeHandle owner)
        {
            IntPtr result;
            IntPtr error;
            int status = NativeLibrary.Export<ResultFn>(export)(owner, out result, out error);
            NativeLibrary.Check(export, status, error);
            return Take(result);
        }

        internal static ScopePreviewResult Take(IntPtr pointer)
        {
            using (NativeHandle result = NativeHandle.Own(pointer, "lsync_preview_result_free"))
            {
                IntPtr summary;
                IntPtr error;
                int status = NativeLibrary.Export<SummaryFn>("lsync_preview_result_summary")(result, out summary, out error);
                NativeLibrary.Check("lsync_preview_result_summary", status, error);
                string summaryJson = NativeLibrary.TakeText(summary);
                IntPtr rowsPointer;
                UIntPtr rowCount;
                UIntPtr rowWidth;
                IntPtr textPointer;
                UIntPtr textLength;
                status = NativeLibrary.Export<MatchesFn>("lsync_preview_result_matches")(result, out rowsPointer, out rowCount, out rowWidth, out textPointer, out textLength, out error);
                NativeLibrary.Check("lsync_preview_result_matches", status, error);
                ulong cells = (ulong)rowCount * (ulong)rowWidth;
                if (cells > int.MaxValue || (ulong)textLength > int.MaxValue)
                {
                    throw new InvalidOperationException("The preview kept more matches than one process can hold; use -Summary or a narrower filter.");
                }
                long[] rows = new long[(int)cells];
                if (rows.Length > 0) { Marshal.Copy(rowsPointer, rows, 0, rows.Length); }
                byte[] text = new byte[(int)(ulong)textLength];
                if (text.Length > 0) { Marshal.Copy(textPointer, text, 0, text.Length); }
                return ScopePreviewResult.Read(summaryJson, rows, (int)(ulong)rowWidth, text);
            }
        }
    }
}
