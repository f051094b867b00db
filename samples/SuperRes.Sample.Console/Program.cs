// dotnet run --project samples/SuperRes.Sample.Console -- samples/images/testcard.png testcard_x3.png 3
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;
using SuperRes;
using SuperRes.Interpolation;
using SuperRes.Processing;

if (args.Length is < 2 or > 3 || (args.Length == 3 && !int.TryParse(args[2], out _)))
{
    Console.Error.WriteLine("usage: SuperRes.Sample.Console <input image> <output image> [scale, default 2]");
    return 2;
}

ISuperResolver resolver = new InterpolationResolver(InterpolationMethod.Bicubic, args.Length == 3 ? int.Parse(args[2]) : 2);
using var image = Image.Load(args[0]);
image.Mutate(x => x.Upscale(resolver));
image.Save(args[1]);
Console.WriteLine($"{args[1]}: {image.Width}x{image.Height}");
return 0;
