using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("LabelPush.Client")]
[assembly: AssemblyDescription("Follows one camera's labels live from label push gateways, for WPF desktop apps.")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: InternalsVisibleTo("LabelPush.Client.Tests")]
