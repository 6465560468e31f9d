// The outcome of planning, as data: the plan text or the refusal (no error reaches the caller's $Error).
using System;

namespace LightningSync.Interop
{
    /// <summary>The text a native plan export returned, or the exception it failed with.</summary>
    public sealed class PlanOutcome
    {
        /// <summary>The plan JSON, or null after a failure.</summary>
        public string Text { get; private set; }

        /// <summary>Why the plan was refused (a NativeException naming the input), or null.</summary>
        public Exception Exception { get; private set; }

        /// <summary>
        /// Plans a setup (or, with <paramref name="removal"/>, a removal) and returns the failure as
        /// data: a script that catches the exception would leave it in the caller's -ErrorVariable
        /// and $Error besides the module's own record.
        /// </summary>
        public static PlanOutcome Run(bool removal, string snapshotClixml, string desiredJson)
        {
            PlanOutcome outcome = new PlanOutcome();
            try
            {
                outcome.Text = removal ? PlanNative.Removal(snapshotClixml, desiredJson) : PlanNative.Setup(snapshotClixml, desiredJson);
            }
            catch (NativeException e)
            {
                outcome.Exception = e;
            }
            return outcome;
        }
    }
}
