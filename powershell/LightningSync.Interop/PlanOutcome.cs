// The outcome of planning, auditing or rendering the report, as data: the text or the refusal
// (no error reaches the caller's $Error).
using System;

namespace LightningSync.Interop
{
    /// <summary>The text a native plan, audit or report export returned, or the exception it failed with.</summary>
    public sealed class PlanOutcome
    {
        /// <summary>The plan or audit JSON, or the report HTML; null after a failure.</summary>
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
            return Capture(() => removal ? PlanNative.Removal(snapshotClixml, desiredJson) : PlanNative.Setup(snapshotClixml, desiredJson));
        }

        /// <summary>
        /// Audits a snapshot (coverage and findings, PlanNative.Audit) and returns the failure as
        /// data: a snapshot the library cannot read is the caller's one error, not two.
        /// </summary>
        public static PlanOutcome Audit(string snapshotClixml)
        {
            return Capture(() => PlanNative.Audit(snapshotClixml));
        }

        /// <summary>
        /// Renders the HTML audit report (ReportNative.Render) and returns the failure as data:
        /// a snapshot the library cannot read is the caller's one error, not two.
        /// </summary>
        public static PlanOutcome Report(string snapshotClixml, string optionsJson)
        {
            return Capture(() => ReportNative.Render(snapshotClixml, optionsJson));
        }

        private static PlanOutcome Capture(Func<string> export)
        {
            PlanOutcome outcome = new PlanOutcome();
            try
            {
                outcome.Text = export();
            }
            catch (NativeException e)
            {
                outcome.Exception = e;
            }
            return outcome;
        }
    }
}
