using ServiceManagement.Cli;

return SvcmgmtApp.Run(args, Console.Out, Console.Error);
