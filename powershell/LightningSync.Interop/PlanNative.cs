// Plan and audit exports (lsync_plan_*, lsync_audit_snapshot).
using System;
using System.Runtime.InteropServices;

namespace LightningSync.Interop
{
    /// <summary>Plans, scripts and audits through the native library; every result is JSON or script text.</summary>
    public static class PlanNative
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int PlanFn(byte[] snapshot, UIntPtr snapshotLength, byte[] desired, UIntPtr desiredLength, out IntPtr plan, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int OneTextFn(byte[] input, UIntPtr length, out IntPtr text, out IntPtr error);

        /// <summary>Setup plan JSON from snapshot CLIXML (empty for offline planning) and desired-state JSON.</summary>
        public static string Setup(string snapshotClixml, string desiredJson)
        {
            return Plan("lsync_plan_setup", snapshotClixml, desiredJson);
        }

        /// <summary>Removal plan JSON from snapshot CLIXML and desired-state JSON.</summary>
        public static string Removal(string snapshotClixml, string desiredJson)
        {
            return Plan("lsync_plan_removal", snapshotClixml, desiredJson);
        }

        /// <summary>The commented, re-runnable PowerShell script of a plan (plan JSON in).</summary>
        public static string RenderScript(string planJson)
        {
            return One("lsync_plan_render_script", planJson);
        }

        /// <summary>Audit JSON (coverage and findings) of a snapshot.</summary>
        public static string Audit(string snapshotClixml)
        {
            return One("lsync_audit_snapshot", snapshotClixml);
        }

        private static string Plan(string export, string snapshotClixml, string desiredJson)
        {
            byte[] snapshot = NativeLibrary.Utf8(snapshotClixml);
            byte[] desired = NativeLibrary.Utf8(desiredJson);
            IntPtr text;
            IntPtr error;
            int status = NativeLibrary.Export<PlanFn>(export)(snapshot, new UIntPtr((ulong)snapshot.Length), desired, new UIntPtr((ulong)desired.Length), out text, out error);
            NativeLibrary.Check(export, status, error);
            return NativeLibrary.TakeText(text);
        }

        private static string One(string export, string input)
        {
            byte[] bytes = NativeLibrary.Utf8(input);
            IntPtr text;
            IntPtr error;
            int status = NativeLibrary.Export<OneTextFn>(export)(bytes, new UIntPtr((ulong)bytes.Length), out text, out error);
            NativeLibrary.Check(export, status, error);
            return NativeLibrary.TakeText(text);
        }
    }
}
