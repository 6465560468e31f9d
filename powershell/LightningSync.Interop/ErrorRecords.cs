// Error records with stable LightningSync.<Reason> ids, for the compiled cmdlets.
using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace LightningSync.Interop
{
    /// <summary>
    /// Builds the ErrorRecords the compiled cmdlets write: from a NativeException
    /// (its LsyncStatus picks id and category from the module's one status
    /// table, also used by the script helper New-LightningSyncErrorRecord) or from a message.
    /// </summary>
    public static class ErrorRecords
    {
        private struct Entry
        {
            public readonly string Id;
            public readonly ErrorCategory Category;

            public Entry(string id, ErrorCategory category)
            {
                Id = id;
                Category = category;
            }
        }

        // LsyncStatus (bindings/lightningsync.h) to id and category.
        private static readonly Dictionary<int, Entry> Table = new Dictionary<int, Entry>
        {
            { 1, new Entry("LightningSync.NullArgument", ErrorCategory.InvalidArgument) },
            { 2, new Entry("LightningSync.InvalidUtf8", ErrorCategory.InvalidArgument) },
            { 3, new Entry("LightningSync.BufferTooSmall", ErrorCategory.InvalidResult) },
            { 4, new Entry("LightningSync.InvalidArgument", ErrorCategory.InvalidArgument) },
            { 5, new Entry("LightningSync.NativePanic", ErrorCategory.NotSpecified) },
            { 100, new Entry("LightningSync.FilterInvalid", ErrorCategory.InvalidArgument) },
            { 101, new Entry("LightningSync.FilterRecordsInvalid", ErrorCategory.InvalidData) },
            { 102, new Entry("LightningSync.FilterConditionsInvalid", ErrorCategory.InvalidArgument) },
            { 200, new Entry("LightningSync.ExportInvalid", ErrorCategory.InvalidData) },
            { 201, new Entry("LightningSync.ExportUnreadable", ErrorCategory.ReadError) },
            { 202, new Entry("LightningSync.ExportEncodingUnsupported", ErrorCategory.InvalidData) },
            { 203, new Entry("LightningSync.PreviewRecordsInvalid", ErrorCategory.InvalidData) },
            { 204, new Entry("LightningSync.PreviewCancelled", ErrorCategory.OperationStopped) },
            { 300, new Entry("LightningSync.SnapshotInvalid", ErrorCategory.InvalidData) },
            { 301, new Entry("LightningSync.DesiredStateInvalid", ErrorCategory.InvalidArgument) },
            { 302, new Entry("LightningSync.PlanConflict", ErrorCategory.ResourceExists) },
            { 303, new Entry("LightningSync.PlanRefused", ErrorCategory.InvalidOperation) },
            { 304, new Entry("LightningSync.PlanPrerequisiteMissing", ErrorCategory.ObjectNotFound) },
            { 305, new Entry("LightningSync.PlanInvalid", ErrorCategory.InvalidData) },
            { 310, new Entry("LightningSync.ReportOptionsInvalid", ErrorCategory.InvalidArgument) },
            { 400, new Entry("LightningSync.EwsMailboxInvalid", ErrorCategory.InvalidArgument) },
            { 401, new Entry("LightningSync.EwsServerVersionUnknown", ErrorCategory.InvalidArgument) },
            { 402, new Entry("LightningSync.EwsIdentifierKindUnknown", ErrorCategory.InvalidArgument) },
        };

        /// <summary>The record for an exception: a NativeException (also as an
        /// inner exception) by its status, anything else as LightningSync.Unexpected.</summary>
        public static ErrorRecord FromException(Exception exception, object target)
        {
            Exception inner = exception;
            while (inner != null && !(inner is NativeException))
            {
                inner = inner.InnerException;
            }
            NativeException native = inner as NativeException;
            if (native == null)
            {
                return new ErrorRecord(exception, "LightningSync.Unexpected", ErrorCategory.NotSpecified, target);
            }
            Entry entry;
            if (!Table.TryGetValue(native.Status, out entry))
            {
                entry = new Entry("LightningSync.NativeStatus" + native.Status, ErrorCategory.NotSpecified);
            }
            return new ErrorRecord(native, entry.Id, entry.Category, target);
        }

        /// <summary>A record from a message (ArgumentException for InvalidArgument,
        /// InvalidOperationException otherwise).</summary>
        public static ErrorRecord FromMessage(string message, string errorId, ErrorCategory category, object target)
        {
            Exception exception = category == ErrorCategory.InvalidArgument
                ? (Exception)new ArgumentException(message)
                : new InvalidOperationException(message);
            return new ErrorRecord(exception, errorId, category, target);
        }
    }
}
