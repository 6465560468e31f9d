using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using LightningSync.Interop;

namespace LightningSync.Commands
{
    /// <summary>Get-LightningSyncScopePreview: which recipients an OPATH filter
    /// selects, offline, from export files or piped objects (help:
    /// en-US/LightningSync.Interop.dll-Help.xml).</summary>
    [Cmdlet(VerbsCommon.Get, "LightningSyncScopePreview", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(ScopePreviewMatch), typeof(ScopePreviewSummary))]
    public sealed class GetScopePreviewCommand : PSCmdlet
    {
        private const string InputObjectSet = "InputObject";
        private const string PathSet = "Path";

        // The properties every match shows, sent with those the filter uses.
        private static readonly string[] ShownProperties =
        {
            "Name", "PrimarySmtpAddress", "UserPrincipalName", "RecipientTypeDetails", "DistinguishedName", "Guid", "EmailAddresses",
        };

        private string filterText;
        private LsyncEnvironment environmentCode;
        private PreviewBatch batch;
        private List<object> buffer;
        private string[] properties;

        /// <summary>The OPATH filter, a string or a script block.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Alias("Filter", "RecipientRestrictionFilter")]
        public object RecipientFilter { get; set; }

        /// <summary>Export files (Export-Clixml or Export-Csv); wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        /// <summary>Recipient objects from the pipeline.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [AllowNull]
        public object InputObject { get; set; }

        /// <summary>OnPremises (default) or ExchangeOnline.</summary>
        [Parameter]
        [ValidateSet("OnPremises", "ExchangeOnline")]
        public string Environment { get; set; } = "OnPremises";

        /// <summary>Return one summary object instead of the matches.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <summary>Piped objects sent to the library per call.</summary>
        [Parameter]
        [ValidateRange(1, 100000)]
        public int BatchSize { get; set; } = 500;

        private bool FromPipeline => ParameterSetName == InputObjectSet;

        // With -Summary only the counts are needed: keep one match, so memory
        // stays flat however many recipients match.
        private long Keep => Summary.IsPresent ? 1 : 0;

        protected override void BeginProcessing()
        {
            environmentCode = string.Equals(Environment, "ExchangeOnline", StringComparison.OrdinalIgnoreCase) ? LsyncEnvironment.ExchangeOnline : LsyncEnvironment.OnPremises;
            filterText = FilterText.From(RecipientFilter);
            if (filterText == null)
            {
                ThrowTerminatingError(FilterText.TypeError(RecipientFilter));
            }
            if (!FromPipeline)
            {
                return;
            }
            string[] used;
            try
            {
                batch = PreviewBatch.Create(filterText, environmentCode, Keep);
                using (CompiledFilter compiled = CompiledFilter.Compile(filterText, environmentCode))
                {
                    used = compiled.Properties();
                }
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                DisposeBatch();
                ThrowTerminatingError(ErrorRecords.FromException(e, filterText));
                return;
            }
            List<string> names = new List<string>();
            foreach (string name in used) { if (name != null && !names.Contains(name)) { names.Add(name); } }
            foreach (string name in ShownProperties) { if (!names.Contains(name)) { names.Add(name); } }
            properties = names.ToArray();
            buffer = new List<object>(BatchSize);
        }

        protected override void ProcessRecord()
        {
            if (!FromPipeline || InputObject == null)
            {
                return;
            }
            buffer.Add(InputObject);
            if (buffer.Count >= BatchSize)
            {
                Flush(InputObject);
            }
        }

        protected override void EndProcessing()
        {
            ScopePreviewResult result = FromPipeline ? PipelineResult() : FileResult();
            foreach (string warning in ScopePreviewOutput.Warnings(result.Summary))
            {
                WriteWarning(warning);
            }
            if (Summary.IsPresent)
            {
                WriteObject(ScopePreviewOutput.Summary(result.Summary, Environment));
                return;
            }
            WriteObject(result.Matches, true);
        }

        protected override void StopProcessing()
        {
            PreviewJob job = running;
            if (job != null) { job.Cancel(); }
        }

        private volatile PreviewJob running;

        private void Flush(object target)
        {
            try
            {
                batch.Add(buffer, properties);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                DisposeBatch();
                ThrowTerminatingError(ErrorRecords.FromException(e, target));
            }
            buffer.Clear();
        }

        private ScopePreviewResult PipelineResult()
        {
            try
            {
                batch.Add(buffer, properties);
                ScopePreviewResult result = batch.Result();
                WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Sent the piped objects to the library in {0} batch(es).", batch.NativeCalls));
                return result;
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                ThrowTerminatingError(ErrorRecords.FromException(e, filterText));
                return null;
            }
            finally
            {
                DisposeBatch();
            }
        }

        private ScopePreviewResult FileResult()
        {
            string[] files = ResolveFiles();
            PreviewJob job = null;
            ProgressRecord progress = new ProgressRecord(0, "Scope preview: " + filterText, "Starting");
            try
            {
                job = PreviewJob.Start(filterText, environmentCode, files, Keep);
                running = job;
                while (!job.Wait(250))
                {
                    job.UpdateProgress();
                    int percent = job.BytesTotal > 0 ? (int)Math.Min(100.0, 100.0 * job.BytesRead / job.BytesTotal) : 0;
                    progress.StatusDescription = string.Format(CultureInfo.CurrentCulture, "{0:N0} of {1:N0} bytes read, {2:N0} records", job.BytesRead, job.BytesTotal, job.Records);
                    progress.PercentComplete = percent;
                    WriteProgress(progress);
                }
                return job.Finish();
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                ThrowTerminatingError(ErrorRecords.FromException(e, files));
                return null;
            }
            finally
            {
                running = null;
                if (job != null)
                {
                    job.Cancel();
                    job.Dispose();
                }
                ProgressRecord done = new ProgressRecord(0, "Scope preview", "Completed") { RecordType = ProgressRecordType.Completed };
                WriteProgress(done);
            }
        }

        private string[] ResolveFiles()
        {
            List<string> files = new List<string>();
            foreach (string item in Path)
            {
                List<string> resolved = new List<string>();
                try
                {
                    ProviderInfo provider;
                    Collection<string> paths = SessionState.Path.GetResolvedProviderPathFromPSPath(item, out provider);
                    if (provider != null && provider.Name == "FileSystem") { resolved.AddRange(paths); }
                }
                catch (Exception e) when (e is ItemNotFoundException || e is ProviderNotFoundException || e is DriveNotFoundException || e is WildcardPatternException || e is NotSupportedException || e is ArgumentException)
                {
                }
                if (resolved.Count == 0)
                {
                    string message = "The export file '" + item + "' was not found. Give the path of an Export-Clixml or Export-Csv file of Get-User, Get-Mailbox or Get-Recipient.";
                    ThrowTerminatingError(ErrorRecords.FromMessage(message, "LightningSync.ExportNotFound", ErrorCategory.ObjectNotFound, item));
                }
                foreach (string file in resolved)
                {
                    if (System.IO.Directory.Exists(file))
                    {
                        string message = "'" + file + "' is a folder, not an export file. Give the files in it, for example: Get-LightningSyncScopePreview -RecipientFilter <filter> -Path (Get-ChildItem -Path '" + file + "' -Filter *.xml).FullName";
                        ThrowTerminatingError(ErrorRecords.FromMessage(message, "LightningSync.ExportIsFolder", ErrorCategory.InvalidArgument, file));
                    }
                    files.Add(file);
                }
            }
            return files.ToArray();
        }

        private void DisposeBatch()
        {
            if (batch != null)
            {
                batch.Dispose();
                batch = null;
            }
        }
    }
}
