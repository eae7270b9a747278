namespace Dotkube.ApiServer.Resources.Common;

/// <summary>Builds field paths as upstream prints them: <c>spec.containers[0].resources.limits[cpu]</c>.</summary>
public static class FieldPath
{
    public static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;

    public static string Child(string path, string name, string name2) => Child(Child(path, name), name2);

    public static string Index(string path, int index) => $"{path}[{index}]";

    /// <summary>A map key, unquoted as upstream renders it.</summary>
    public static string Key(string path, string key) => $"{path}[{key}]";
}
