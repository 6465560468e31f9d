// Reads a CLIXML export batch by batch (lsync_recipient_import_*).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Text;

namespace LightningSync.Interop
{
    /// <summary>Reads a CLIXML export batch by batch as PowerShell objects.</summary>
    public sealed class RecipientImport : IDisposable
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int OpenFn(byte[] path, UIntPtr length, out IntPtr import, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int NextFn(NativeHandle import, UIntPtr maxRecords, out IntPtr text, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int ProgressFn(NativeHandle import, out ulong bytesRead, out ulong bytesTotal, out IntPtr error);

        private readonly NativeHandle handle;

        private RecipientImport(NativeHandle handle)
        {
            this.handle = handle;
        }

        /// <summary>Opens the export at the full path `path`.</summary>
        public static RecipientImport Open(string path)
        {
            byte[] bytes = NativeLibrary.Utf8(path);
            IntPtr import;
            IntPtr error;
            int status = NativeLibrary.Export<OpenFn>("lsync_recipient_import_open")(bytes, new UIntPtr((ulong)bytes.Length), out import, out error);
            NativeLibrary.Check("lsync_recipient_import_open", status, error);
            return new RecipientImport(NativeHandle.Own(import, "lsync_recipient_import_free"));
        }

        private NativeHandle Handle => handle.Live("RecipientImport");

        /// <summary>Open without throwing: null and `error` set when the file cannot be opened.</summary>
        public static RecipientImport TryOpen(string path, out NativeException error)
        {
            error = null;
            try { return Open(path); }
            catch (NativeException e) { error = e; return null; }
        }

        /// <summary>Next without throwing: null and `error` set when the file is malformed.</summary>
        public object[] TryNext(int maxRecords, out NativeException error)
        {
            error = null;
            try { return Next(maxRecords); }
            catch (NativeException e) { error = e; return null; }
        }

        // Records asked of the library per call. A batch's JSON text stays
        // far below the 85,000 bytes from which .NET puts strings on the
        // large object heap, whose collections made whole 500-record texts
        // cost twice the time to turn into objects.
        private const int RecordsPerCall = 16;

        // A failure met after some records of the current Next call: those
        // records are returned first, the failure by the next call.
        private NativeException deferred;

        /// <summary>The next records (at most `maxRecords`) as .NET objects; empty at the end.</summary>
        public object[] Next(int maxRecords)
        {
            if (deferred != null)
            {
                NativeException failure = deferred;
                deferred = null;
                throw failure;
            }
            int wanted = Math.Max(1, maxRecords);
            List<object> records = new List<object>(Math.Min(wanted, 4096));
            while (records.Count < wanted)
            {
                object[] part;
                try { part = NextCall(Math.Min(RecordsPerCall, wanted - records.Count)); }
                catch (NativeException e)
                {
                    if (records.Count == 0) { throw; }
                    deferred = e;
                    break;
                }
                if (part.Length == 0) { break; }
                records.AddRange(part);
            }
            return records.ToArray();
        }

        private object[] NextCall(int maxRecords)
        {
            IntPtr text;
            IntPtr error;
            int status = NativeLibrary.Export<NextFn>("lsync_recipient_import_next")(Handle, new UIntPtr((ulong)maxRecords), out text, out error);
            NativeLibrary.Check("lsync_recipient_import_next", status, error);
            return ImportedValue.ReadBatch(NativeLibrary.TakeText(text));
        }

        /// <summary>Bytes of the file read so far.</summary>
        public ulong BytesRead { get; private set; }
        /// <summary>The file's size.</summary>
        public ulong BytesTotal { get; private set; }

        /// <summary>Refreshes BytesRead and BytesTotal.</summary>
        public void UpdateProgress()
        {
            ulong read;
            ulong total;
            IntPtr error;
            int status = NativeLibrary.Export<ProgressFn>("lsync_recipient_import_progress")(Handle, out read, out total, out error);
            NativeLibrary.Check("lsync_recipient_import_progress", status, error);
            BytesRead = read;
            BytesTotal = total;
        }

        public void Dispose()
        {
            handle.Dispose();
        }
    }
}
