// LightningSync native interop: loads the Rust library by full path and binds
// its exports to delegates. On .NET (PowerShell 7) the
// library is loaded through System.Runtime.InteropServices.NativeLibrary,
// found by reflection because .NET Framework lacks it; on .NET Framework
// (Windows only) through kernel32. Neither changes the process-wide DLL
// search path.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace LightningSync.Interop
{
    /// <summary>The loaded library and the calls shared by every export.</summary>
    public static class NativeLibrary
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate uint AbiVersionFn();
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int ErrorStatusFn(IntPtr error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate long ErrorPositionFn(NativeHandle error);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int CopyFn(NativeHandle handle, byte[] buffer, UIntPtr capacity, out UIntPtr length, out IntPtr error);

        private const int StatusOk = 0;
        private const int StatusBufferTooSmall = 3;

        private static readonly object gate = new object();
        private static readonly Dictionary<string, Delegate> exports = new Dictionary<string, Delegate>();
        private static IntPtr handle = IntPtr.Zero;
        private static string loadedPath;

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr LoadLibraryExW(string path, IntPtr reserved, uint flags);

        [DllImport("kernel32.dll", CharSet = CharSet.Ansi, ExactSpelling = true, SetLastError = true)]
        private static extern IntPtr GetProcAddress(IntPtr module, string name);

        // Resolve the library's own dependencies from its folder, without
        // changing the process-wide DLL search path.
        private const uint LoadWithAlteredSearchPath = 0x00000008;

        // System.Runtime.InteropServices.NativeLibrary on .NET; null on .NET Framework.
        private static readonly Type dotnetLoader = Type.GetType("System.Runtime.InteropServices.NativeLibrary", false);

        /// <summary>The full path the library was loaded from, or null.</summary>
        public static string LoadedPath { get { return loadedPath; } }

        /// <summary>Loads the library from a full path. Loading the same path again does nothing.</summary>
        public static void Load(string path)
        {
            lock (gate)
            {
                if (handle != IntPtr.Zero && string.Equals(path, loadedPath, StringComparison.Ordinal))
                {
                    return;
                }
                IntPtr loaded;
                if (dotnetLoader != null)
                {
                    loaded = (IntPtr)InvokeLoader("Load", new object[] { path });
                }
                else
                {
                    loaded = LoadLibraryExW(path, IntPtr.Zero, LoadWithAlteredSearchPath);
                    if (loaded == IntPtr.Zero)
                    {
                        throw new DllNotFoundException(string.Format("Could not load '{0}' (Win32 error {1}).", path, Marshal.GetLastWin32Error()));
                    }
                }
                exports.Clear();
                handle = loaded;
                loadedPath = path;
            }
        }

        /// <summary>Returns the export `name` bound to the delegate type T.</summary>
        public static T Export<T>(string name) where T : class
        {
            lock (gate)
            {
                Delegate bound;
                if (exports.TryGetValue(name, out bound))
                {
                    return (T)(object)bound;
                }
                if (handle == IntPtr.Zero)
                {
                    throw new InvalidOperationException("The LightningSync native library is not loaded.");
                }
                IntPtr address;
                if (dotnetLoader != null)
                {
                    address = (IntPtr)InvokeLoader("GetExport", new object[] { handle, name });
                }
                else
                {
                    address = GetProcAddress(handle, name);
                    if (address == IntPtr.Zero)
                    {
                        throw new EntryPointNotFoundException(string.Format("'{0}' does not export '{1}'.", loadedPath, name));
                    }
                }
                bound = Marshal.GetDelegateForFunctionPointer(address, typeof(T));
                exports[name] = bound;
                return (T)(object)bound;
            }
        }

        private static object InvokeLoader(string method, object[] arguments)
        {
            Type[] types = new Type[arguments.Length];
            for (int i = 0; i < arguments.Length; i++)
            {
                types[i] = arguments[i].GetType();
            }
            try
            {
                return dotnetLoader.GetMethod(method, types).Invoke(null, arguments);
            }
            catch (System.Reflection.TargetInvocationException e)
            {
                throw e.InnerException;
            }
        }

        /// <summary>lsync_abi_version() of the loaded library.</summary>
        public static uint AbiVersion()
        {
            return Export<AbiVersionFn>("lsync_abi_version")();
        }

        /// <summary>The library's version string.</summary>
        public static string LibraryVersion()
        {
            IntPtr text;
            IntPtr error;
            int status = Export<TextOutFn>("lsync_library_version")(out text, out error);
            Check("lsync_library_version", status, error);
            return TakeText(text);
        }

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate int TextOutFn(out IntPtr text, out IntPtr error);

        /// <summary>UTF-8 bytes of a string (null gives an empty array).</summary>
        public static byte[] Utf8(string value)
        {
            return value == null ? new byte[0] : Encoding.UTF8.GetBytes(value);
        }

        /// <summary>Throws a NativeException built from `error` when `status` is not OK; frees `error` in every case.</summary>
        public static void Check(string function, int status, IntPtr error)
        {
            using (NativeHandle owned = NativeHandle.Own(error, "lsync_error_free"))
            {
                if (status == StatusOk)
                {
                    return;
                }
                string message = string.Format("{0} failed with status {1}.", function, status);
                long position = 0;
                if (!owned.IsInvalid)
                {
                    message = ReadString(owned, "lsync_error_message");
                    position = Export<ErrorPositionFn>("lsync_error_position")(owned);
                }
                throw new NativeException(function, status, message, position);
            }
        }

        /// <summary>Reads an LsyncText as a string and frees it.</summary>
        public static string TakeText(IntPtr text)
        {
            if (text == IntPtr.Zero)
            {
                return null;
            }
            using (NativeHandle owned = NativeHandle.Own(text, "lsync_text_free"))
            {
                return ReadString(owned, "lsync_text_copy");
            }
        }

        /// <summary>UIntPtr of a length (the size_t the exports take).</summary>
        public static UIntPtr Size(int length)
        {
            return new UIntPtr((ulong)length);
        }

        private static string ReadString(NativeHandle owner, string copyExport)
        {
            CopyFn copy = Export<CopyFn>(copyExport);
            UIntPtr length;
            IntPtr error;
            int status = copy(owner, null, UIntPtr.Zero, out length, out error);
            if (status == StatusOk)
            {
                return string.Empty;
            }
            // The expected "buffer too small" error of the first call is freed unread.
            using (NativeHandle.Own(error, "lsync_error_free")) { }
            if (status != StatusBufferTooSmall)
            {
                throw new NativeException(copyExport, status, copyExport + " failed with status " + status + ".", 0);
            }
            byte[] buffer = new byte[(int)length.ToUInt64()];
            // A fresh variable: the native side writes it only on failure.
            IntPtr copyError;
            status = copy(owner, buffer, new UIntPtr((ulong)buffer.Length), out length, out copyError);
            using (NativeHandle.Own(copyError, "lsync_error_free")) { }
            if (status != StatusOk)
            {
                throw new NativeException(copyExport, status, copyExport + " failed with status " + status + ".", 0);
            }
            return Encoding.UTF8.GetString(buffer, 0, (int)length.ToUInt64());
        }
    }
}
