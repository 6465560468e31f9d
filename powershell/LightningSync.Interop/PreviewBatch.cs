// A scope preview fed with batches of piped objects (lsync_preview_batch_*).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Text;

namespace LightningSync.Interop
{
    /// <summary>A scope preview fed with batches of records built from PowerShell objects.</summary>
    public sealed class PreviewBatch : IDisposable
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int NewFn(byte[] filter, UIntPtr filterLength, int environment, UIntPtr maxMatches, out IntPtr batch, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int AddFn(NativeHandle batch, byte[] records, UIntPtr length, out IntPtr error);

        private readonly NativeHandle handle;
        private int calls;

        private PreviewBatch(NativeHandle handle)
        {
            this.handle = handle;
        }

        /// <summary>Starts a batch preview; maxMatches 0 keeps every match.</summary>
        public static PreviewBatch Create(string filter, LsyncEnvironment environment, long maxMatches)
        {
            byte[] filterBytes = NativeLibrary.Utf8(filter);
            IntPtr batch;
            IntPtr error;
            int status = NativeLibrary.Export<NewFn>("lsync_preview_batch_new")(filterBytes, new UIntPtr((ulong)filterBytes.Length), (int)environment,
                new UIntPtr((ulong)Math.Max(0L, maxMatches)), out batch, out error);
            NativeLibrary.Check("lsync_preview_batch_new", status, error);
            return new PreviewBatch(NativeHandle.Own(batch, "lsync_preview_batch_free"));
        }

        private NativeHandle Handle => handle.Live("PreviewBatch");

        /// <summary>Native calls made by Add so far (one per batch).</summary>
        public int NativeCalls { get { return calls; } }

        /// <summary>Sends the records of `objects` (only `properties`) in one native call.</summary>
        public void Add(IList<object> objects, string[] properties)
        {
            if (objects.Count == 0) { return; }
            byte[] json = NativeLibrary.Utf8(RecordWriter.ToJson(objects, properties));
            IntPtr error;
            int status = NativeLibrary.Export<AddFn>("lsync_preview_batch_add")(Handle, json, new UIntPtr((ulong)json.Length), out error);
            calls++;
            NativeLibrary.Check("lsync_preview_batch_add", status, error);
        }

        /// <summary>The preview of all records added so far.</summary>
        public ScopePreviewResult Result()
        {
            return PreviewResultReader.From("lsync_preview_batch_snapshot", Handle);
        }

        public void Dispose()
        {
            handle.Dispose();
        }
    }
}
