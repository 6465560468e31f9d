using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;

namespace LightningSync.Interop
{
    /// <summary>
    /// Runs the code paths of a filter check and a scope preview once, on a
    /// thread-pool thread right after import, on a one-record input: the
    /// just-in-time compilation of the interop and the library's first-use
    /// setup then happen while the admin types, not inside their first
    /// Get-LightningSyncScopePreview. Runs once per process; any failure is
    /// ignored (the real call reports it).
    /// </summary>
    public static class Warmup
    {
        private static int started;

        /// <summary>Starts the warm-up unless it has run in this process.</summary>
        public static void Start()
        {
            if (Interlocked.Exchange(ref started, 1) != 0)
            {
                return;
            }
            ThreadPool.QueueUserWorkItem(Run);
        }

        private static void Run(object state)
        {
            try
            {
                const string filter = "Department -eq 'Sales'";
                RecipientFilterCheck.Test(filter, 0);
                PSObject record = new PSObject();
                record.Properties.Add(new PSNoteProperty("Name", "Warm-up"));
                record.Properties.Add(new PSNoteProperty("Department", "Sales"));
                string[] properties;
                using (CompiledFilter compiled = CompiledFilter.Compile(filter, LsyncEnvironment.OnPremises))
                {
                    properties = compiled.Properties();
                }
                using (PreviewBatch batch = PreviewBatch.Create(filter, LsyncEnvironment.OnPremises, 0))
                {
                    batch.Add(new List<object> { record }, properties);
                    ScopePreviewResult result = batch.Result();
                    ScopePreviewOutput.Warnings(result.Summary);
                    ScopePreviewOutput.Summary(result.Summary, "OnPremises");
                    foreach (ScopePreviewMatch match in result.Matches)
                    {
                        GC.KeepAlive(match.Name);
                        GC.KeepAlive(match.Values);
                    }
                }
            }
            catch (Exception)
            {
                // A warm-up only; the admin's own call reports any failure.
            }
        }
    }
}
