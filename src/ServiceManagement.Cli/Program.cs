using ServiceManagement.Cli;

return SvcmgmtApp.Run(args, StandardStreams.Output, StandardStreams.Error);
