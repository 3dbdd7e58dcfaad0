using System.Windows;

namespace LabelPush.Sample.Wpf
{
    public partial class App : Application
    {
    }
}
