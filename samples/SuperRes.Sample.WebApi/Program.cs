using SuperRes.Sample.WebApi;

UpscaleApi.Create(args).Run();
