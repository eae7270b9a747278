using System.Text.Json.Nodes;
using Dotkube.ApiServer.Resources.Common;
using Dotkube.ApiServer.Resources.Events;
using static Dotkube.ApiServer.Tests.Resources.GroupCommon.Fixtures;

namespace Dotkube.ApiServer.Tests.Resources.Events;

public class EventTests
{
    private static readonly EventConverter Converter = new();
    private static readonly EventsV1Strategy Strategy = new();

    private const string NewEvent = """
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"web.1","namespace":"default"},
         "eventTime":"2024-05-01T11:59:00.000000Z","reportingController":"example.com/ctl","reportingInstance":"ctl-1",
         "action":"Scale","reason":"Scaled","regarding":{"kind":"Deployment","namespace":"default","name":"web"},
         "note":"scaled to 3","type":"Normal"}
        """;

    [Fact]
    public void An_events_v1_event_is_stored_with_the_core_field_names()
    {
        var core = Converter.Convert(Json(NewEvent), "v1");

        Assert.Equal(
            """{"kind":"Event","apiVersion":"v1","metadata":{"name":"web.1","namespace":"default"},"involvedObject":{"kind":"Deployment","namespace":"default","name":"web"},"reason":"Scaled","message":"scaled to 3","source":{},"firstTimestamp":null,"lastTimestamp":null,"type":"Normal","eventTime":"2024-05-01T11:59:00.000000Z","action":"Scale","reportingComponent":"example.com/ctl","reportingInstance":"ctl-1"}""",
            core.ToJsonString());
    }

    [Fact]
    public void A_core_event_reads_back_with_the_deprecated_fields()
    {
        var core = Json("""{"apiVersion":"v1","kind":"Event","metadata":{"name":"pod.1","namespace":"default"},"involvedObject":{"kind":"Pod","name":"pod"},"reason":"Pulled","message":"pulled","source":{"component":"kubelet","host":"n1"},"firstTimestamp":"2024-05-01T11:00:00Z","lastTimestamp":"2024-05-01T11:30:00Z","count":4,"type":"Normal","eventTime":null}""");

        var ev = Converter.Convert(core, "events.k8s.io/v1");

        Assert.Equal(
            """{"kind":"Event","apiVersion":"events.k8s.io/v1","metadata":{"name":"pod.1","namespace":"default"},"eventTime":null,"reason":"Pulled","regarding":{"kind":"Pod","name":"pod"},"note":"pulled","type":"Normal","deprecatedSource":{"component":"kubelet","host":"n1"},"deprecatedFirstTimestamp":"2024-05-01T11:00:00Z","deprecatedLastTimestamp":"2024-05-01T11:30:00Z","deprecatedCount":4}""",
            ev.ToJsonString());
    }

    [Fact]
    public void Events_round_trip_both_ways()
    {
        var ev = Json(NewEvent);
        var viaCore = Converter.Convert(Converter.Convert((JsonObject)ev.DeepClone(), "v1"), "events.k8s.io/v1");
        foreach (var (key, value) in ev)
        {
            Assert.True(JsonNode.DeepEquals(value, viaCore[key]), key);
        }

        var core = Json("""{"apiVersion":"v1","kind":"Event","metadata":{"name":"x"},"involvedObject":{"kind":"Pod"},"reason":"R","message":"m","source":{"component":"c"},"firstTimestamp":"2024-05-01T11:00:00Z","lastTimestamp":"2024-05-01T11:00:00Z","count":2,"type":"Warning","eventTime":null,"series":{"count":2,"lastObservedTime":"2024-05-01T11:00:00.000000Z"},"related":{"kind":"Node","name":"n"},"reportingComponent":"c","reportingInstance":"i","action":"A"}""");
        var viaEvents = Converter.Convert(Converter.Convert((JsonObject)core.DeepClone(), "events.k8s.io/v1"), "v1");
        foreach (var (key, value) in core)
        {
            Assert.True(JsonNode.DeepEquals(value, viaEvents[key]), key);
        }
    }

    [Fact]
    public void A_well_formed_new_event_is_valid() =>
        Assert.Empty(Strategy.Validate(Converter.Convert(Json(NewEvent), "v1")));

    [Theory]
    [InlineData("reportingController", "reportingController: Required value")]
    [InlineData("action", "action: Required value")]
    [InlineData("eventTime", "eventTime: Required value")]
    [InlineData("type", "type: Invalid value: \"\": has invalid value: ")]
    public void Events_v1_requires_the_new_fields(string missing, string expected)
    {
        var ev = Json(NewEvent);
        ev.Remove(missing);

        Assert.Contains(expected, Messages(Strategy.Validate(Converter.Convert(ev, "v1"))));
    }

    [Fact]
    public void Events_v1_rejects_the_deprecated_fields()
    {
        var ev = Json(NewEvent);
        ev["deprecatedCount"] = 3;
        ev["deprecatedSource"] = Json("""{"component":"kubelet"}""");

        var errors = Messages(Strategy.Validate(Converter.Convert(ev, "v1")));

        Assert.Contains("deprecatedCount: Invalid value: \"\": needs to be unset", errors);
        Assert.Contains("deprecatedSource: Invalid value: \"\": needs to be unset", errors);
    }

    [Fact]
    public void Only_the_series_of_an_event_may_change()
    {
        var old = Converter.Convert(Json(NewEvent), "v1");
        var changed = (JsonObject)old.DeepClone();
        changed["message"] = "other";
        changed["series"] = Json("""{"count":2,"lastObservedTime":"2024-05-01T11:59:30.000000Z"}""");

        Assert.Equal(["message: Invalid value: \"other\": field is immutable"], Messages(Strategy.ValidateUpdate(changed, old)));
    }

    [Fact]
    public void The_table_and_field_selectors_follow_upstream()
    {
        var core = Converter.Convert(Json(NewEvent), "v1");

        Assert.Equal(["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], Headers(Strategy));
        Assert.Equal(["60s", "Normal", "Scaled", "deployment/web", "", "example.com/ctl, ctl-1", "scaled to 3", "60s", "1", "web.1"], Row(Strategy, core));
        var attributes = new Dictionary<string, string>();
        Strategy.AddFieldSelectorAttributes(core, attributes);
        Assert.Equal(("web", "example.com/ctl", "Normal"), (attributes["regarding.name"], attributes["reportingController"], attributes["type"]));
    }
}
