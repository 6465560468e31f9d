//! Streaming reader for PowerShell CLIXML exports (`Export-Clixml`).
