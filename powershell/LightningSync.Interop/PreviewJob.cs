// A scope preview of export files running in the library (lsync_preview_job_*).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Text;

namespace LightningSync.Interop
{
    /// <summary>A scope preview of export files running in the library.</summary>
    public sealed class PreviewJob : IDisposable
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int StartFn(byte[] filter, UIntPtr filterLength, int environment, byte[] paths, UIntPtr pathsLength, UIntPtr maxMatches, out IntPtr job, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int ProgressFn(NativeHandle job, out ulong bytesRead, out ulong bytesTotal, out ulong records, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int WaitFn(NativeHandle job, uint timeoutMs, out int done, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int CancelFn(NativeHandle job, out IntPtr error);

        private readonly NativeHandle handle;

        private PreviewJob(NativeHandle handle)
        {
            this.handle = handle;
        }

        /// <summary>Starts a preview of `paths` (full paths) with `filter`; maxMatches 0 keeps every match.</summary>
        public static PreviewJob Start(string filter, LsyncEnvironment environment, string[] paths, long maxMatches)
        {
            byte[] filterBytes = NativeLibrary.Utf8(filter);
            byte[] pathBytes = NativeLibrary.Utf8(JsonText.StringArray(paths));
            IntPtr job;
            IntPtr error;
            int status = NativeLibrary.Export<StartFn>("lsync_preview_job_start")(filterBytes, new UIntPtr((ulong)filterBytes.Length), (int)environment,
                pathBytes, new UIntPtr((ulong)pathBytes.Length), new UIntPtr((ulong)Math.Max(0L, maxMatches)), out job, out error);
            NativeLibrary.Check("lsync_preview_job_start", status, error);
            return new PreviewJob(NativeHandle.Own(job, "lsync_preview_job_free"));
        }

        private NativeHandle Handle => handle.Live("PreviewJob");

        /// <summary>Bytes read so far.</summary>
        public ulong BytesRead { get; private set; }
        /// <summary>Total bytes of all files.</summary>
        public ulong BytesTotal { get; private set; }
        /// <summary>Records read so far.</summary>
        public ulong Records { get; private set; }

        /// <summary>Refreshes BytesRead, BytesTotal and Records.</summary>
        public void UpdateProgress()
        {
            ulong read;
            ulong total;
            ulong records;
            IntPtr error;
            int status = NativeLibrary.Export<ProgressFn>("lsync_preview_job_progress")(Handle, out read, out total, out records, out error);
            NativeLibrary.Check("lsync_preview_job_progress", status, error);
            BytesRead = read;
            BytesTotal = total;
            Records = records;
        }

        /// <summary>Waits up to `milliseconds`; true when the job has ended.</summary>
        public bool Wait(int milliseconds)
        {
            int done;
            IntPtr error;
            int status = NativeLibrary.Export<WaitFn>("lsync_preview_job_wait")(Handle, (uint)Math.Max(0, milliseconds), out done, out error);
            NativeLibrary.Check("lsync_preview_job_wait", status, error);
            return done != 0;
        }

        /// <summary>Asks the job to stop.</summary>
        public void Cancel()
        {
            if (!handle.IsClosed)
            {
                IntPtr error;
                int status = NativeLibrary.Export<CancelFn>("lsync_preview_job_cancel")(handle, out error);
                NativeLibrary.Check("lsync_preview_job_cancel", status, error);
            }
        }

        /// <summary>Waits for the end and returns the result; throws NativeException for bad files.</summary>
        public ScopePreviewResult Finish()
        {
            return PreviewResultReader.From("lsync_preview_job_finish_result", Handle);
        }

        public void Dispose()
        {
            handle.Dispose();
        }
    }
}
