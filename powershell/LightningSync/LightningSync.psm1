# LightningSync: sets up and audits the Exchange service account that sync
# products impersonate mailboxes with. The logic lives in the native library
# (runtimes/<rid>/native/); this module marshals, calls Exchange and shapes output.
# Strict mode (3.0) is set by each public function as it starts, after
# Import-LightningSyncPrivateFunction, so it covers everything the function
# calls while the import itself runs no command. The manifest requires
# PowerShell 5.1 (PowerShellVersion), so this script states no #Requires.

# Whether the private functions are defined (Import-LightningSyncPrivateFunction).
$script:LightningSyncPrivateLoaded = $false

#region module scripts
# From source, each function's own file is dot-sourced. The staged module has
# this region replaced by the loader and the public functions' parameters, and
# keeps the private functions and the public functions' bodies in
# LightningSync.Private.ps1, which the first public call defines
# (tools/Join-LightningSyncModuleScript.ps1): an import parses only the
# parameters of what it exports.
foreach ($folder in 'Private', 'Public') {
    foreach ($file in @(Get-ChildItem -Path (Join-Path $PSScriptRoot $folder) -Filter '*.ps1' -File -Recurse | Sort-Object FullName)) {
        . $file.FullName
    }
}
$script:LightningSyncPrivateLoaded = $true
#endregion module scripts

# LightningSync.Interop.dll, which the manifest loads (NestedModules) before
# this script runs, loads the native library (runtimes/<rid>/native/) and
# checks its ABI version as PowerShell imports it
# (LightningSync.Interop.ModuleNativeLoader): an import with a missing,
# damaged or mismatched library stops with LightningSync.NativeLibraryNotFound,
# LightningSync.NativeLibraryLoadFailed or LightningSync.AbiVersionMismatch.
# Nothing is compiled here. Imported without the manifest, the module has no
# interop assembly, and its first call stops with
# LightningSync.InteropNotLoaded (Import-LightningSyncPrivateFunction).

# The manifest exports the public functions and the compiled cmdlets of the
# nested LightningSync.Interop.dll (FunctionsToExport, CmdletsToExport); the
# import runs no command of its own. Argument completion is compiled
# (LightningSync.Interop.FilterCatalogCompleter, which the two parameters'
# [ArgumentCompleter] script blocks call).
