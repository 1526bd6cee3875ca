using Mono.Cecil;

namespace FluxOps.Core.Tests.Architecture;

/// <summary>
/// Which folder of an assembly uses which, read from the compiled IL: signatures, fields, attributes, locals, catch
/// clauses and every type, method and field a method body touches (lambdas, iterators and async state machines are
/// nested types and count for the folder of the type that declares them).
/// </summary>
internal sealed class AssemblyDependencies
{
    private readonly Dictionary<(string From, string To), SortedSet<string>> _edges = [];

    private AssemblyDependencies(string rootNamespace) => RootNamespace = rootNamespace;

    public string RootNamespace { get; }

    /// <summary>Folder-to-folder dependencies, each with every "Type uses Type" behind it.</summary>
    public IReadOnlyDictionary<(string From, string To), SortedSet<string>> Edges => _edges;

    /// <summary>Every folder that declares at least one type.</summary>
    public SortedSet<string> Folders { get; } = new(StringComparer.Ordinal);

    public static AssemblyDependencies Read(string assemblyPath, string rootNamespace)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var graph = new AssemblyDependencies(rootNamespace);
        foreach (var type in assembly.MainModule.GetTypes())
        {
            if (graph.FolderOf(type) is { } folder)
            {
                graph.Folders.Add(folder);
                graph.Collect(folder, type);
            }
        }

        return graph;
    }

    /// <summary>The folder of a namespace under the root ("FluxOps.Core.Hosting.GitHub" -> "Hosting"), else null.</summary>
    public string? FolderOf(string? @namespace)
    {
        if (@namespace is null || !(@namespace == RootNamespace || @namespace.StartsWith(RootNamespace + ".", StringComparison.Ordinal)))
        {
            return null;
        }

        return @namespace == RootNamespace ? CoreLayering.Root : @namespace[(RootNamespace.Length + 1)..].Split('.')[0];
    }

    private string? FolderOf(TypeReference type)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType;
        }

        return FolderOf(type.Namespace);
    }

    private void Collect(string from, TypeDefinition type)
    {
        var name = type.FullName;
        Use(from, name, type.BaseType);
        type.Interfaces.ToList().ForEach(i => Use(from, name, i.InterfaceType));
        type.CustomAttributes.ToList().ForEach(a => Use(from, name, a.AttributeType));
        type.Fields.ToList().ForEach(f => Use(from, name, f.FieldType));
        type.Properties.ToList().ForEach(p => Use(from, name, p.PropertyType));
        type.Events.ToList().ForEach(e => Use(from, name, e.EventType));
        foreach (var method in type.Methods)
        {
            Use(from, name, method.ReturnType);
            method.Parameters.ToList().ForEach(p => Use(from, name, p.ParameterType));
            method.CustomAttributes.ToList().ForEach(a => Use(from, name, a.AttributeType));
            if (!method.HasBody)
            {
                continue;
            }

            method.Body.Variables.ToList().ForEach(v => Use(from, name, v.VariableType));
            method.Body.ExceptionHandlers.ToList().ForEach(h => Use(from, name, h.CatchType));
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference used:
                        Use(from, name, used);
                        break;
                    case MethodReference called:
                        Use(from, name, called.DeclaringType);
                        Use(from, name, called.ReturnType);
                        called.Parameters.ToList().ForEach(p => Use(from, name, p.ParameterType));
                        (called as GenericInstanceMethod)?.GenericArguments.ToList().ForEach(a => Use(from, name, a));
                        break;
                    case FieldReference field:
                        Use(from, name, field.DeclaringType);
                        Use(from, name, field.FieldType);
                        break;
                    default:
                        break;
                }
            }
        }
    }

    private void Use(string from, string user, TypeReference? used)
    {
        switch (used)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                Use(from, user, generic.ElementType);
                generic.GenericArguments.ToList().ForEach(a => Use(from, user, a));
                return;
            case TypeSpecification specification: // arrays, by-ref, pointers
                Use(from, user, specification.ElementType);
                return;
            default:
                break;
        }

        if (FolderOf(used) is not { } to || to == from)
        {
            return;
        }

        if (!_edges.TryGetValue((from, to), out var examples))
        {
            _edges[(from, to)] = examples = new SortedSet<string>(StringComparer.Ordinal);
        }

        examples.Add($"{user} uses {used.FullName}");
    }
}
