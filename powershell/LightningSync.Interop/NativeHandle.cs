using System;
using System.Runtime.InteropServices;

namespace LightningSync.Interop
{
    /// <summary>
    /// Every object the library hands out (LsyncFilter, LsyncPreviewJob,
    /// LsyncPreviewBatch, LsyncPreviewResult, LsyncRecipientImport, LsyncText,
    /// LsyncError): owned from the moment the export returns, freed exactly once
    /// with its lsync_*_free, by Dispose or by the finalizer. Exports take it as
    /// a SafeHandle parameter, so it cannot be freed while a call uses it.
    /// </summary>
    public sealed class NativeHandle : SafeHandle
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate void FreeFn(IntPtr handle);

        private readonly string freeExport;

        private NativeHandle(IntPtr pointer, string freeExport)
            : base(IntPtr.Zero, true)
        {
            this.freeExport = freeExport;
            SetHandle(pointer);
        }

        /// <summary>Takes ownership of `pointer`, freed later with the export `freeExport`.</summary>
        public static NativeHandle Own(IntPtr pointer, string freeExport)
        {
            return new NativeHandle(pointer, freeExport);
        }

        /// <summary>This handle for a call, or ObjectDisposedException naming
        /// `owner` when it was freed already.</summary>
        public NativeHandle Live(string owner)
        {
            if (IsClosed) { throw new ObjectDisposedException(owner); }
            return this;
        }

        /// <summary>The lsync_*_free export that frees this handle.</summary>
        public string FreeExport => freeExport;

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            NativeLibrary.Export<FreeFn>(freeExport)(handle);
            return true;
        }
    }
}
