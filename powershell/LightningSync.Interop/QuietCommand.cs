// Runs one command without leaving its error in the caller's -ErrorVariable or $Error. C# 5 syntax only.
//
// PowerShell appends every error a command writes (unless -ErrorAction Ignore) to $Error and to the
// -ErrorVariable of every command whose pipe the error travels through, and a script's catch block
// appends the error it catches once more. The module needs the text of an error it handles itself
// (the classifier decides transient, not found ...), so Ignore is no answer. Instead the command runs
// in a nested pipeline of the current runspace (its own pipes: no outer -ErrorVariable is reached),
// its terminating error is caught here (no script catch), and the entries the nested pipeline added
// to $Error are taken off again. Exchange's warnings and verbose messages are handed back to be
// written by the caller.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;

namespace LightningSync.Interop
{
    /// <summary>Runs a command in a nested pipeline and returns its error as data.</summary>
    public static class QuietCommand
    {
        /// <summary>
        /// Runs <paramref name="command"/> with <paramref name="parameters"/> (and -ErrorAction Stop)
        /// in a nested pipeline of the current runspace; call it on the pipeline's thread (from a
        /// script). <paramref name="dollarError"/> is the session's $Error: the entries the command
        /// added to it are removed before this returns. Never throws for the command's errors; a
        /// stopped pipeline (Ctrl+C) still stops.
        /// </summary>
        public static QuietCommandResult Invoke(CommandInfo command, IDictionary parameters, IList dollarError)
        {
            if (command == null) { throw new ArgumentNullException("command"); }
            object mark = FirstOf(dollarError);
            QuietCommandResult result = new QuietCommandResult();
            result.Output = new PSObject[0];
            try
            {
                using (PowerShell shell = PowerShell.Create(RunspaceMode.CurrentRunspace))
                {
                    Hashtable splat = new Hashtable(StringComparer.OrdinalIgnoreCase);
                    if (parameters != null)
                    {
                        foreach (DictionaryEntry entry in parameters) { splat[Convert.ToString(entry.Key)] = entry.Value; }
                    }
                    splat["ErrorAction"] = ActionPreference.Stop;
                    // Invoked with the call operator in a scope of its own, so a function runs in the session
                    // state it was defined in (a module's, a proxy's, a mock's) and no variable is left behind.
                    // Stop in that scope: a caller's SilentlyContinue would otherwise swallow a terminating
                    // error here, and a failed read would look like an empty answer.
                    shell.AddScript("param($Command, $Parameters) $ErrorActionPreference = 'Stop'; & $Command @Parameters", true);
                    shell.AddArgument(command);
                    shell.AddArgument(splat);
                    try
                    {
                        Collection<PSObject> output = shell.Invoke();
                        if (shell.Streams.Error.Count > 0) { result.ErrorRecord = shell.Streams.Error[0]; }
                        else
                        {
                            result.Output = new PSObject[output.Count];
                            output.CopyTo(result.Output, 0);
                        }
                    }
                    catch (PipelineStoppedException)
                    {
                        throw;
                    }
                    catch (RuntimeException e)
                    {
                        result.ErrorRecord = e.ErrorRecord;
                    }
                    result.Warnings = Messages(shell.Streams.Warning);
                    result.Verbose = Messages(shell.Streams.Verbose);
                }
            }
            finally
            {
                Restore(dollarError, mark);
            }
            return result;
        }

        private static object FirstOf(IList list)
        {
            if (list == null || list.Count == 0) { return null; }
            return list[0];
        }

        // $Error keeps the newest entry first: take off what was put in front of the old first entry.
        private static void Restore(IList dollarError, object mark)
        {
            if (dollarError == null) { return; }
            while (dollarError.Count > 0 && !object.ReferenceEquals(dollarError[0], mark))
            {
                dollarError.RemoveAt(0);
            }
        }

        private static string[] Messages<T>(PSDataCollection<T> records) where T : InformationalRecord
        {
            List<string> texts = new List<string>();
            foreach (T record in records) { texts.Add(record.Message); }
            return texts.ToArray();
        }
    }
}
