// Which Exchange the evidence means (lsync_target_decide). C# 5 syntax only.
using System;
using System.Runtime.InteropServices;

namespace LightningSync.Interop
{
    /// <summary>Asks the native library which Exchange a session or a snapshot is.</summary>
    public static class ExchangeTarget
    {
        /// <summary>LSYNC_SESSION_GET_EXCHANGE_SERVER.</summary>
        public const uint GetExchangeServer = 1;
        /// <summary>LSYNC_SESSION_GET_SERVICE_PRINCIPAL.</summary>
        public const uint GetServicePrincipal = 2;
        /// <summary>LSYNC_SESSION_GET_CONNECTION_INFORMATION.</summary>
        public const uint GetConnectionInformation = 4;

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int DecideFn(uint sessionCommands, byte[] snapshot, UIntPtr snapshotLength, out int target, out IntPtr error);

        /// <summary>
        /// "OnPremises", "ExchangeOnline", or null (no Exchange session): from
        /// the snapshot's CLIXML text when it is not empty, else from the
        /// session's cmdlets (the sum of the Get* bits above).
        /// </summary>
        public static string Decide(uint sessionCommands, string snapshot)
        {
            byte[] s = NativeLibrary.Utf8(snapshot ?? string.Empty);
            int target;
            IntPtr error;
            int status = NativeLibrary.Export<DecideFn>("lsync_target_decide")(
                sessionCommands, s, new UIntPtr((ulong)s.Length), out target, out error);
            NativeLibrary.Check("lsync_target_decide", status, error);
            switch (target)
            {
                case 1: return "OnPremises";
                case 2: return "ExchangeOnline";
                default: return null;
            }
        }
    }
}
