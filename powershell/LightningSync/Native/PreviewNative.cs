// Scope-preview and recipient-import exports (lsync_preview_*,
// lsync_recipient_import_*), the JSON reader for their results, the
// conversion of imported values to .NET objects and of PowerShell objects to
// preview records. C# 5 syntax only.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Text;

namespace LightningSync.Interop
{
    /// <summary>A scope preview of export files running in the library.</summary>
    public sealed class PreviewJob : IDisposable
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int StartFn(byte[] filter, UIntPtr filterLength, int environment, byte[] paths, UIntPtr pathsLength, UIntPtr maxMatches, out IntPtr job, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int ProgressFn(IntPtr job, out ulong bytesRead, out ulong bytesTotal, out ulong records);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int WaitFn(IntPtr job, uint timeoutMs, out int done);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int CancelFn(IntPtr job);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int FinishFn(IntPtr job, out IntPtr result, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate void FreeFn(IntPtr job);

        private IntPtr handle;

        private PreviewJob(IntPtr handle)
        {
            this.handle = handle;
        }

        /// <summary>Starts a preview of `paths` (full paths) with `filter`; maxMatches 0 keeps every match.</summary>
        public static PreviewJob Start(string filter, int environment, string[] paths, long maxMatches)
        {
            byte[] filterBytes = NativeLibrary.Utf8(filter);
            byte[] pathBytes = NativeLibrary.Utf8(JsonText.StringArray(paths));
            IntPtr job;
            IntPtr error;
            int status = NativeLibrary.Export<StartFn>("lsync_preview_job_start")(filterBytes, new UIntPtr((ulong)filterBytes.Length), environment,
                pathBytes, new UIntPtr((ulong)pathBytes.Length), new UIntPtr((ulong)Math.Max(0L, maxMatches)), out job, out error);
            NativeLibrary.Check("lsync_preview_job_start", status, error);
            return new PreviewJob(job);
        }

        private IntPtr Handle
        {
            get
            {
                if (handle == IntPtr.Zero) { throw new ObjectDisposedException("PreviewJob"); }
                return handle;
            }
        }

        /// <summary>Bytes read so far.</summary>
        public ulong BytesRead { get; private set; }
        /// <summary>Total bytes of all files.</summary>
        public ulong BytesTotal { get; private set; }
        /// <summary>Records read so far.</summary>
        public ulong Records { get; private set; }

        /// <summary>Refreshes BytesRead, BytesTotal and Records.</summary>
        public void UpdateProgress()
        {
            ulong read;
            ulong total;
            ulong records;
            int status = NativeLibrary.Export<ProgressFn>("lsync_preview_job_progress")(Handle, out read, out total, out records);
            NativeLibrary.Check("lsync_preview_job_progress", status, IntPtr.Zero);
            BytesRead = read;
            BytesTotal = total;
            Records = records;
        }

        /// <summary>Waits up to `milliseconds`; true when the job has ended.</summary>
        public bool Wait(int milliseconds)
        {
            int done;
            int status = NativeLibrary.Export<WaitFn>("lsync_preview_job_wait")(Handle, (uint)Math.Max(0, milliseconds), out done);
            NativeLibrary.Check("lsync_preview_job_wait", status, IntPtr.Zero);
            return done != 0;
        }

        /// <summary>Asks the job to stop.</summary>
        public void Cancel()
        {
            if (handle != IntPtr.Zero)
            {
                NativeLibrary.Export<CancelFn>("lsync_preview_job_cancel")(handle);
            }
        }

        /// <summary>Waits for the end and returns the result; throws NativeException for bad files.</summary>
        public ScopePreviewResult Finish()
        {
            IntPtr result;
            IntPtr error;
            int status = NativeLibrary.Export<FinishFn>("lsync_preview_job_finish_result")(Handle, out result, out error);
            NativeLibrary.Check("lsync_preview_job_finish_result", status, error);
            return PreviewResultReader.Take(result);
        }

        public void Dispose()
        {
            if (handle != IntPtr.Zero)
            {
                NativeLibrary.Export<FreeFn>("lsync_preview_job_free")(handle);
                handle = IntPtr.Zero;
            }
            GC.SuppressFinalize(this);
        }

        ~PreviewJob()
        {
            if (handle != IntPtr.Zero)
            {
                try { NativeLibrary.Export<FreeFn>("lsync_preview_job_free")(handle); } catch (Exception) { }
                handle = IntPtr.Zero;
            }
        }
    }

    /// <summary>A scope preview fed with batches of records built from PowerShell objects.</summary>
    public sealed class PreviewBatch : IDisposable
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int NewFn(byte[] filter, UIntPtr filterLength, int environment, UIntPtr maxMatches, out IntPtr batch, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int AddFn(IntPtr batch, byte[] records, UIntPtr length, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int ResultFn(IntPtr batch, out IntPtr result, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate void FreeFn(IntPtr batch);

        private IntPtr handle;
        private int calls;

        private PreviewBatch(IntPtr handle)
        {
            this.handle = handle;
        }

        /// <summary>Starts a batch preview; maxMatches 0 keeps every match.</summary>
        public static PreviewBatch Create(string filter, int environment, long maxMatches)
        {
            byte[] filterBytes = NativeLibrary.Utf8(filter);
            IntPtr batch;
            IntPtr error;
            int status = NativeLibrary.Export<NewFn>("lsync_preview_batch_new")(filterBytes, new UIntPtr((ulong)filterBytes.Length), environment,
                new UIntPtr((ulong)Math.Max(0L, maxMatches)), out batch, out error);
            NativeLibrary.Check("lsync_preview_batch_new", status, error);
            return new PreviewBatch(batch);
        }

        private IntPtr Handle
        {
            get
            {
                if (handle == IntPtr.Zero) { throw new ObjectDisposedException("PreviewBatch"); }
                return handle;
            }
        }

        /// <summary>Native calls made by Add so far (one per batch).</summary>
        public int NativeCalls { get { return calls; } }

        /// <summary>Sends the records of `objects` (only `properties`) in one native call.</summary>
        public void Add(IList<object> objects, string[] properties)
        {
            if (objects.Count == 0) { return; }
            byte[] json = NativeLibrary.Utf8(RecordWriter.ToJson(objects, properties));
            IntPtr error;
            int status = NativeLibrary.Export<AddFn>("lsync_preview_batch_add")(Handle, json, new UIntPtr((ulong)json.Length), out error);
            calls++;
            NativeLibrary.Check("lsync_preview_batch_add", status, error);
        }

        /// <summary>The preview of all records added so far.</summary>
        public ScopePreviewResult Result()
        {
            IntPtr result;
            IntPtr error;
            int status = NativeLibrary.Export<ResultFn>("lsync_preview_batch_snapshot")(Handle, out result, out error);
            NativeLibrary.Check("lsync_preview_batch_snapshot", status, error);
            return PreviewResultReader.Take(result);
        }

        public void Dispose()
        {
            if (handle != IntPtr.Zero)
            {
                NativeLibrary.Export<FreeFn>("lsync_preview_batch_free")(handle);
                handle = IntPtr.Zero;
            }
            GC.SuppressFinalize(this);
        }

        ~PreviewBatch()
        {
            if (handle != IntPtr.Zero)
            {
                try { NativeLibrary.Export<FreeFn>("lsync_preview_batch_free")(handle); } catch (Exception) { }
                handle = IntPtr.Zero;
            }
        }
    }

    /// <summary>Reads a CLIXML export batch by batch as PowerShell objects.</summary>
    public sealed class RecipientImport : IDisposable
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int OpenFn(byte[] path, UIntPtr length, out IntPtr import, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int NextFn(IntPtr import, UIntPtr maxRecords, out IntPtr text, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int ProgressFn(IntPtr import, out ulong bytesRead, out ulong bytesTotal);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate void FreeFn(IntPtr import);

        private IntPtr handle;

        private RecipientImport(IntPtr handle)
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
            return new RecipientImport(import);
        }

        private IntPtr Handle
        {
            get
            {
                if (handle == IntPtr.Zero) { throw new ObjectDisposedException("RecipientImport"); }
                return handle;
            }
        }

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
            int status = NativeLibrary.Export<ProgressFn>("lsync_recipient_import_progress")(Handle, out read, out total);
            NativeLibrary.Check("lsync_recipient_import_progress", status, IntPtr.Zero);
            BytesRead = read;
            BytesTotal = total;
        }

        public void Dispose()
        {
            if (handle != IntPtr.Zero)
            {
                NativeLibrary.Export<FreeFn>("lsync_recipient_import_free")(handle);
                handle = IntPtr.Zero;
            }
            GC.SuppressFinalize(this);
        }

        ~RecipientImport()
        {
            if (handle != IntPtr.Zero)
            {
                try { NativeLibrary.Export<FreeFn>("lsync_recipient_import_free")(handle); } catch (Exception) { }
                handle = IntPtr.Zero;
            }
        }
    }

    /// <summary>Turns the typed JSON of lsync_recipient_import_next into what Import-Clixml returns.</summary>
    public static class ImportedValue
    {
        /// <summary>Reads a batch (a JSON array of records, see recipient::import in the
        /// library) straight into .NET values, without an intermediate JSON tree: a
        /// record has dozens of properties and a batch hundreds of records.</summary>
        public static object[] ReadBatch(string s)
        {
            int i = 0;
            List<object> records = new List<object>();
            bool started = false;
            while (JsonText.NextItem(s, ref i, ref started)) { records.Add(Read(s, ref i)); }
            JsonText.SkipSpace(s, ref i);
            if (i != s.Length) { throw new FormatException("Unexpected data after JSON value at " + i + "."); }
            return records.ToArray();
        }

        // One value: a list as an ArrayList, a tagged map ({"t": tag, ...}) as its
        // .NET value, anything else (string, bool, number, null) as it is.
        private static object Read(string s, ref int i)
        {
            JsonText.SkipSpace(s, ref i);
            if (i >= s.Length) { throw new FormatException("Unexpected end of JSON."); }
            char c = s[i];
            bool started = false;
            if (c == '[')
            {
                ArrayList list = new ArrayList();
                while (JsonText.NextItem(s, ref i, ref started)) { list.Add(Read(s, ref i)); }
                return list;
            }
            if (c == '{') { return ReadTagged(s, ref i); }
            return JsonText.ParseValue(s, ref i);
        }

        // {"t": tag, "v": text} for a primitive, {"t": "DCT", "v": [[key, value]...]},
        // {"t": "Obj"|"Csv", "TypeNames": [...], "ToString": ..., "Props": [[name, value]...]}.
        // Keys may come in any order; the tag decides at the end.
        private static object ReadTagged(string s, ref int i)
        {
            string tag = null;
            string text = null;
            List<object> pairs = null;
            List<string> typeNames = null;
            bool started = false;
            string key;
            while (JsonText.NextKey(s, ref i, ref started, out key))
            {
                JsonText.SkipSpace(s, ref i);
                if (key == "t") { tag = JsonText.ParseString(s, ref i); }
                else if ((key == "v" || key == "Props") && i < s.Length && s[i] == '[') { pairs = ReadPairs(s, ref i); }
                else if (key == "v") { text = JsonText.ParseValue(s, ref i) as string; }
                else if (key == "TypeNames")
                {
                    typeNames = new List<string>();
                    bool inList = false;
                    while (JsonText.NextItem(s, ref i, ref inList)) { typeNames.Add(JsonText.ParseValue(s, ref i) as string); }
                }
                else { Read(s, ref i); }
            }
            switch (tag)
            {
                case "Obj": return NewObject(typeNames, pairs, true);
                case "Csv": return NewObject(typeNames, pairs, false);
                case "DCT": return NewDictionary(pairs);
                default: return FromTag(tag, text);
            }
        }

        // [[first, second]...]: names (strings) or keys (values) with their values,
        // as alternating items.
        private static List<object> ReadPairs(string s, ref int i)
        {
            List<object> pairs = new List<object>();
            bool started = false;
            while (JsonText.NextItem(s, ref i, ref started))
            {
                bool inPair = false;
                int n = 0;
                while (JsonText.NextItem(s, ref i, ref inPair)) { pairs.Add(Read(s, ref i)); n++; }
                if (n != 2) { throw new FormatException("Expected a [name, value] pair in JSON before " + i + "."); }
            }
            return pairs;
        }

        private static Hashtable NewDictionary(List<object> pairs)
        {
            Hashtable table = new Hashtable(StringComparer.OrdinalIgnoreCase);
            if (pairs == null) { return table; }
            for (int k = 0; k + 1 < pairs.Count; k += 2)
            {
                if (pairs[k] != null) { table[pairs[k]] = pairs[k + 1]; }
            }
            return table;
        }

        // A primitive from its CLIXML tag and invariant text.
        private static object FromTag(string tag, string text)
        {
            switch (tag)
            {
                case "Skipped": return null;
                case "C": return (char)int.Parse(text, CultureInfo.InvariantCulture);
                case "DT": return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                case "TS": return ParseDuration(text);
                case "By": return byte.Parse(text, CultureInfo.InvariantCulture);
                case "SB": return sbyte.Parse(text, CultureInfo.InvariantCulture);
                case "U16": return ushort.Parse(text, CultureInfo.InvariantCulture);
                case "I16": return short.Parse(text, CultureInfo.InvariantCulture);
                case "U32": return uint.Parse(text, CultureInfo.InvariantCulture);
                case "I32": return int.Parse(text, CultureInfo.InvariantCulture);
                case "U64": return ulong.Parse(text, CultureInfo.InvariantCulture);
                case "I64": return long.Parse(text, CultureInfo.InvariantCulture);
                case "Sg": return (float)ParseDouble(text);
                case "Db": return ParseDouble(text);
                case "D": return decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                case "G": return new Guid(text);
                case "URI": return new Uri(text, UriKind.RelativeOrAbsolute);
                case "Version": return new Version(text);
                default: return text;
            }
        }

        /// <summary>An xs:double as XmlConvert writes it (INF, -INF, NaN, "R" format).</summary>
        public static double ParseDouble(string text)
        {
            switch (text)
            {
                case "INF": return double.PositiveInfinity;
                case "-INF": return double.NegativeInfinity;
                case "NaN": return double.NaN;
                default: return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        /// <summary>An xs:duration without years or months (PnDTnHnMn.nS), as PowerShell writes TimeSpan.</summary>
        public static TimeSpan ParseDuration(string text)
        {
            int i = 0;
            bool negative = false;
            if (i < text.Length && text[i] == '-') { negative = true; i++; }
            if (i >= text.Length || text[i] != 'P') { throw new FormatException("Not an xs:duration: " + text); }
            i++;
            long ticks = 0;
            bool time = false;
            while (i < text.Length)
            {
                if (text[i] == 'T') { time = true; i++; continue; }
                int start = i;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.')) { i++; }
                if (i >= text.Length || start == i) { throw new FormatException("Not an xs:duration: " + text); }
                decimal number = decimal.Parse(text.Substring(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                char unit = text[i++];
                decimal unitTicks;
                if (unit == 'D' && !time) { unitTicks = TimeSpan.TicksPerDay; }
                else if (unit == 'H' && time) { unitTicks = TimeSpan.TicksPerHour; }
                else if (unit == 'M' && time) { unitTicks = TimeSpan.TicksPerMinute; }
                else if (unit == 'S' && time) { unitTicks = TimeSpan.TicksPerSecond; }
                else { throw new FormatException("Not an xs:duration: " + text); }
                ticks += (long)(number * unitTicks);
            }
            return new TimeSpan(negative ? -ticks : ticks);
        }

        // deserialized: CLIXML objects, whose type names Import-Clixml prefixes
        // with "Deserialized."; CSV rows keep the names as Import-Csv sets them.
        private static PSObject NewObject(List<string> typeNames, List<object> props, bool deserialized)
        {
            PSObject result = new PSObject();
            if (typeNames != null && typeNames.Count > 0)
            {
                result.TypeNames.Clear();
                foreach (string n in typeNames)
                {
                    string name = n;
                    if (deserialized && !name.StartsWith("Deserialized.", StringComparison.OrdinalIgnoreCase)) { name = "Deserialized." + name; }
                    result.TypeNames.Add(name);
                }
            }
            if (props != null)
            {
                // The first of two same-named properties wins, as in
                // Import-Clixml. Names are tracked here: asking
                // result.Properties[name] resolves the whole member set (its
                // adapters included) each time, which made a 55-property
                // object cost a third of a millisecond. (A Dictionary, not a
                // HashSet: that lives in System.Core, which Windows
                // PowerShell 5.1's Add-Type does not reference.)
                Dictionary<string, bool> seen = new Dictionary<string, bool>(props.Count / 2, StringComparer.OrdinalIgnoreCase);
                for (int k = 0; k + 1 < props.Count; k += 2)
                {
                    string name = props[k] as string;
                    if (name != null && !seen.ContainsKey(name))
                    {
                        seen.Add(name, true);
                        result.Properties.Add(new PSNoteProperty(name, props[k + 1]), true);
                    }
                }
            }
            return result;
        }
    }

    /// <summary>Builds the preview records (property -> text) of PowerShell objects as JSON.</summary>
    public static class RecordWriter
    {
        /// <summary>One JSON array with a record per object, holding only `properties` the object has.</summary>
        public static string ToJson(IList<object> objects, string[] properties)
        {
            StringBuilder sb = new StringBuilder(objects.Count * 64 * Math.Max(1, properties.Length));
            sb.Append('[');
            for (int i = 0; i < objects.Count; i++)
            {
                if (i > 0) { sb.Append(','); }
                PSObject obj = PSObject.AsPSObject(objects[i] ?? new object());
                sb.Append('{');
                bool first = true;
                foreach (string name in properties)
                {
                    PSPropertyInfo property = obj.Properties[name];
                    if (property == null) { continue; }
                    object value;
                    try { value = property.Value; }
                    catch (Exception) { continue; }
                    if (!first) { sb.Append(','); }
                    first = false;
                    JsonText.AppendString(sb, property.Name);
                    sb.Append(':');
                    AppendValue(sb, value);
                }
                sb.Append('}');
            }
            sb.Append(']');
            return sb.ToString();
        }

        private static void AppendValue(StringBuilder sb, object value)
        {
            object bare = Unwrap(value);
            if (bare == null) { sb.Append("null"); return; }
            if (!(bare is string) && !(bare is IDictionary) && bare is IEnumerable)
            {
                sb.Append('[');
                bool first = true;
                foreach (object item in (IEnumerable)bare)
                {
                    string text = Text(item);
                    if (text == null) { continue; }
                    if (!first) { sb.Append(','); }
                    first = false;
                    JsonText.AppendString(sb, text);
                }
                sb.Append(']');
                return;
            }
            string single = Text(bare);
            if (single == null) { sb.Append("null"); } else { JsonText.AppendString(sb, single); }
        }

        private static object Unwrap(object value)
        {
            PSObject ps = value as PSObject;
            if (ps == null) { return value; }
            object baseObject = ps.BaseObject;
            if (baseObject is PSCustomObject) { return ps; }
            return baseObject;
        }

        /// <summary>The text Exchange shows for one value, or null.</summary>
        public static string Text(object value)
        {
            object bare = Unwrap(value);
            if (bare == null) { return null; }
            string s = bare as string;
            if (s != null) { return s; }
            if (bare is bool) { return (bool)bare ? "True" : "False"; }
            if (bare is DateTime) { return ((DateTime)bare).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture); }
            if (bare is Enum) { return bare.ToString(); }
            IFormattable formattable = bare as IFormattable;
            if (formattable != null) { return formattable.ToString(null, CultureInfo.InvariantCulture); }
            return bare.ToString();
        }
    }

    /// <summary>A small JSON reader and writer: objects become OrderedDictionary, arrays object[], numbers Int32/Int64/Double.</summary>
    /// <summary>Reads and frees an LsyncPreviewResult: its summary JSON and
    /// its match table, copied out in two blocks.</summary>
    internal static class PreviewResultReader
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int SummaryFn(IntPtr result, out IntPtr text, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int MatchesFn(IntPtr result, out IntPtr rows, out UIntPtr rowCount, out IntPtr text, out UIntPtr textLength, out IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate void FreeFn(IntPtr result);

        internal static ScopePreviewResult Take(IntPtr result)
        {
            try
            {
                IntPtr summary;
                IntPtr error;
                int status = NativeLibrary.Export<SummaryFn>("lsync_preview_result_summary")(result, out summary, out error);
                NativeLibrary.Check("lsync_preview_result_summary", status, error);
                string summaryJson = NativeLibrary.TakeText(summary);
                IntPtr rowsPointer;
                UIntPtr rowCount;
                IntPtr textPointer;
                UIntPtr textLength;
                status = NativeLibrary.Export<MatchesFn>("lsync_preview_result_matches")(result, out rowsPointer, out rowCount, out textPointer, out textLength, out error);
                NativeLibrary.Check("lsync_preview_result_matches", status, error);
                ulong cells = (ulong)rowCount * 13UL;
                if (cells > int.MaxValue || (ulong)textLength > int.MaxValue)
                {
                    throw new InvalidOperationException("The preview kept more matches than one process can hold; use -Summary or a narrower filter.");
                }
                long[] rows = new long[(int)cells];
                if (rows.Length > 0) { Marshal.Copy(rowsPointer, rows, 0, rows.Length); }
                byte[] text = new byte[(int)(ulong)textLength];
                if (text.Length > 0) { Marshal.Copy(textPointer, text, 0, text.Length); }
                return ScopePreviewResult.Read(summaryJson, rows, text);
            }
            finally
            {
                NativeLibrary.Export<FreeFn>("lsync_preview_result_free")(result);
            }
        }
    }

    public static class JsonText
    {
        /// <summary>A JSON array of strings.</summary>
        public static string StringArray(string[] values)
        {
            StringBuilder sb = new StringBuilder();
            sb.Append('[');
            for (int i = 0; i < values.Length; i++)
            {
                if (i > 0) { sb.Append(','); }
                AppendString(sb, values[i]);
            }
            sb.Append(']');
            return sb.ToString();
        }

        /// <summary>Appends `value` as a JSON string literal.</summary>
        public static void AppendString(StringBuilder sb, string value)
        {
            sb.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < ' ') { sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); }
                        else { sb.Append(c); }
                        break;
                }
            }
            sb.Append('"');
        }

        /// <summary>Parses one JSON document.</summary>
        public static object Parse(string text)
        {
            int i = 0;
            object value = ParseValue(text, ref i);
            SkipSpace(text, ref i);
            if (i != text.Length) { throw new FormatException("Unexpected data after JSON value at " + i + "."); }
            return value;
        }

        /// <summary>Steps through a JSON object: the first call reads '{',
        /// each call then reads the next key and its ':' (the caller reads the
        /// value) and returns true, or reads '}' and returns false.</summary>
        internal static bool NextKey(string s, ref int i, ref bool started, out string key)
        {
            key = null;
            if (!NextEntry(s, ref i, ref started, '{', '}')) { return false; }
            key = ParseString(s, ref i);
            SkipSpace(s, ref i);
            Expect(s, ref i, ':');
            return true;
        }

        /// <summary>Steps through a JSON array as NextKey does through an
        /// object: true when an item follows (the caller reads it).</summary>
        internal static bool NextItem(string s, ref int i, ref bool started)
        {
            return NextEntry(s, ref i, ref started, '[', ']');
        }

        private static bool NextEntry(string s, ref int i, ref bool started, char open, char close)
        {
            SkipSpace(s, ref i);
            if (!started)
            {
                Expect(s, ref i, open);
                started = true;
                SkipSpace(s, ref i);
                if (i < s.Length && s[i] == close) { i++; return false; }
                return true;
            }
            if (i < s.Length && s[i] == ',') { i++; SkipSpace(s, ref i); return true; }
            Expect(s, ref i, close);
            return false;
        }

        internal static void SkipSpace(string s, ref int i)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) { i++; }
        }

        internal static object ParseValue(string s, ref int i)
        {
            SkipSpace(s, ref i);
            if (i >= s.Length) { throw new FormatException("Unexpected end of JSON."); }
            char c = s[i];
            bool started = false;
            if (c == '{')
            {
                OrderedDictionary map = new OrderedDictionary(StringComparer.Ordinal);
                string key;
                while (NextKey(s, ref i, ref started, out key)) { map[key] = ParseValue(s, ref i); }
                return map;
            }
            if (c == '[')
            {
                List<object> items = new List<object>();
                while (NextItem(s, ref i, ref started)) { items.Add(ParseValue(s, ref i)); }
                return items.ToArray();
            }
            if (c == '"') { return ParseString(s, ref i); }
            if (string.CompareOrdinal(s, i, "true", 0, 4) == 0) { i += 4; return true; }
            if (string.CompareOrdinal(s, i, "false", 0, 5) == 0) { i += 5; return false; }
            if (string.CompareOrdinal(s, i, "null", 0, 4) == 0) { i += 4; return null; }
            int start = i;
            while (i < s.Length && "+-0123456789.eE".IndexOf(s[i]) >= 0) { i++; }
            string number = s.Substring(start, i - start);
            if (number.Length == 0) { throw new FormatException("Unexpected character '" + c + "' in JSON at " + start + "."); }
            int asInt;
            if (int.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out asInt)) { return asInt; }
            long asLong;
            if (long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out asLong)) { return asLong; }
            return double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        internal static void Expect(string s, ref int i, char c)
        {
            if (i >= s.Length || s[i] != c) { throw new FormatException("Expected '" + c + "' in JSON at " + i + "."); }
            i++;
        }

        internal static string ParseString(string s, ref int i)
        {
            Expect(s, ref i, '"');
            StringBuilder sb = null;
            int start = i;
            while (true)
            {
                if (i >= s.Length) { throw new FormatException("Unterminated JSON string."); }
                char c = s[i];
                if (c == '"')
                {
                    string result = sb == null ? s.Substring(start, i - start) : sb.Append(s, start, i - start).ToString();
                    i++;
                    return result;
                }
                if (c != '\\') { i++; continue; }
                if (sb == null) { sb = new StringBuilder(); }
                sb.Append(s, start, i - start);
                char e = s[i + 1];
                i += 2;
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        sb.Append((char)int.Parse(s.Substring(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 4;
                        break;
                    default: throw new FormatException("Bad escape in JSON string at " + i + ".");
                }
                start = i;
            }
        }
    }
}
