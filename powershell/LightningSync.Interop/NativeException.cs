using System;

namespace LightningSync.Interop
{
    /// <summary>A failed call into the LightningSync library.</summary>
    public sealed class NativeException : Exception
    {
        public NativeException(string function, int status, string message, long position)
            : base(message)
        {
            Function = function;
            Status = status;
            Position = position;
        }

        /// <summary>The LsyncStatus number the export returned.</summary>
        public int Status { get; }

        /// <summary>1-based position in the input the error refers to, 0 when none.</summary>
        public long Position { get; }

        /// <summary>The export that failed.</summary>
        public string Function { get; }
    }
}
