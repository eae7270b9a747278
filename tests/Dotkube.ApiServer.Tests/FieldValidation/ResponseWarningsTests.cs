using Dotkube.ApiServer.FieldValidation;
using Microsoft.AspNetCore.Http;

namespace Dotkube.ApiServer.Tests.FieldValidation;

public class ResponseWarningsTests
{
    [Theory]
    [InlineData("unknown field \"spec.foo\"", "299 - \"unknown field \\\"spec.foo\\\"\"")]
    [InlineData("back\\slash", "299 - \"back\\\\slash\"")]
    [InlineData("föo", "299 - \"f\\u00f6o\"")]
    public void WritesUpstreamsWarningHeaderFormat(string text, string header)
    {
        Assert.Equal(header, ResponseWarnings.Header(text));
    }

    [Fact]
    public void EachWarningIsSentOnceInOrder()
    {
        var ctx = new DefaultHttpContext();
        ResponseWarnings.Add(ctx, "b");
        ResponseWarnings.Add(ctx, "a");
        ResponseWarnings.Add(ctx, "b");
        Assert.Equal(new[] { "299 - \"b\"", "299 - \"a\"" }, ctx.Response.Headers["Warning"].Select(h => h ?? "").ToArray());
    }

    [Fact]
    public void EmptyWarningsAndControlCharactersAreDropped()
    {
        var ctx = new DefaultHttpContext();
        ResponseWarnings.Add(ctx, "");
        ResponseWarnings.Add(ctx, "line\nbreak");
        Assert.Empty(ctx.Response.Headers["Warning"].ToArray());
    }

    [Fact]
    public void PastFourThousandCharactersEveryWarningIsShortened()
    {
        var ctx = new DefaultHttpContext();
        var longText = new string('x', 1000);
        for (var i = 0; i < 5; i++)
        {
            ResponseWarnings.Add(ctx, i + longText);
        }
        var headers = ctx.Response.Headers["Warning"].ToArray();
        Assert.Equal(5, headers.Length);
        Assert.All(headers, h => Assert.Equal("299 - \"\"".Length + 256, h!.Length));
    }
}
