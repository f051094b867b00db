using System.Globalization;
using SuperRes.Fuzzing.Tests;

// The full fuzz campaign: dotnet run -c Release --project tests/SuperRes.Fuzzing.Tests -- [inputs] [seed]
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var report = FuzzCampaign.Run(count, seed);
Console.WriteLine(report);
return report.Failures.Count == 0 ? 0 : 1;
