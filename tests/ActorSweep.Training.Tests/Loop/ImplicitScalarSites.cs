using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace ActorSweep.Training.Tests.Loop;

/// <summary>
/// The places in an assembly's IL where a TorchSharp <c>Scalar</c> is made and handed to native code with nothing
/// keeping it alive: a call of <c>Scalar.op_Implicit</c> (a number passed where a Scalar is expected), and a call of a
/// <c>Tensor</c> operator or method with a number operand (TorchSharp 0.107 converts it to a temporary Scalar inside).
/// Such a Scalar is unreachable once its handle is read, so a collection on another thread can finalise it — freeing
/// the native value — while libtorch reads it (dotnet/TorchSharp#1434, #1496). Found from the compiled IL, not the
/// source, so no call site hides behind an implicit conversion. A Scalar made with <c>ToScalar()</c> in this code is not a
/// site: this code always holds it (<c>using var s = x.ToScalar()</c>) across the call that reads it.
/// </summary>
public static class ImplicitScalarSites
{
    private const string ScalarType = "TorchSharp.Scalar";

    /// <summary>Every site in the assembly at <paramref name="assemblyPath"/>, as "Caller(params): callee(params)", in IL order.</summary>
    public static IReadOnlyList<string> In(string assemblyPath)
    {
        var converting = ConvertingMethodsOf(typeof(TorchSharp.Scalar).Assembly.Location);
        var sites = new List<string>();
        foreach (var (caller, callee) in Calls(assemblyPath))
            if (callee.Type == ScalarType && callee.Name == "op_Implicit" || converting.Contains(Key(callee)))
                sites.Add($"{caller}: {Key(callee)}");
        return sites;
    }

    /// <summary>
    /// The methods of TorchSharp that make a Scalar from a number (<c>op_Implicit</c>, <c>ToScalar</c>) or call one that
    /// does — the transitive closure over TorchSharp's own calls (<c>a + b</c> → <c>add(b)</c> → <c>add(b, 1)</c>). A
    /// method that makes one and disposes it counts too: the closure does not follow lifetimes, so it errs towards a
    /// site to look at.
    /// </summary>
    public static IReadOnlySet<string> ConvertingMethodsOf(string torchSharpPath)
    {
        var calls = Calls(torchSharpPath);
        var converting = calls.Where(c => IsConversion(c.Callee)).Select(c => c.Caller).ToHashSet(StringComparer.Ordinal);
        var callers = calls.GroupBy(c => Key(c.Callee)).ToDictionary(g => g.Key, g => g.Select(c => c.Caller).Distinct().ToList(), StringComparer.Ordinal);
        var queue = new Queue<string>(converting);
        while (queue.TryDequeue(out var method))
            foreach (var caller in callers.GetValueOrDefault(method, new List<string>()))
                if (converting.Add(caller)) queue.Enqueue(caller);
        return converting;
    }

    private static bool IsConversion((string Type, string Name, IReadOnlyList<string> Parameters) callee) =>
        callee.Type == ScalarType && callee.Name == "op_Implicit"
        || callee.Name == "ToScalar" && callee.Type.EndsWith("ScalarExtensionMethods", StringComparison.Ordinal);

    private static string Key((string Type, string Name, IReadOnlyList<string> Parameters) m) => $"{m.Type}.{m.Name}({string.Join(", ", m.Parameters)})";

    /// <summary>Every call in the assembly's IL: (caller as "Type.Name(params)", callee).</summary>
    private static List<(string Caller, (string Type, string Name, IReadOnlyList<string> Parameters) Callee)> Calls(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var md = pe.GetMetadataReader();
        var provider = new TypeNames(md);
        var result = new List<(string, (string, string, IReadOnlyList<string>))>();
        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            var typeName = FullName(md, type);
            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0) continue;
                var caller = Key((typeName, md.GetString(method.Name), method.DecodeSignature(provider, null).ParameterTypes));
                var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader();
                while (il.RemainingBytes > 0)
                {
                    var op = ReadOpCode(ref il);
                    if (op is 0x28 or 0x6F or 0x73)   // call, callvirt, newobj
                    {
                        if (Callee(md, MetadataTokens.EntityHandle(il.ReadInt32())) is { } callee) result.Add((caller, callee));
                    }
                    else SkipOperand(ref il, op);
                }
            }
        }
        return result;
    }

    private static (string Type, string Name, IReadOnlyList<string> Parameters)? Callee(MetadataReader md, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MemberReference:
                var member = md.GetMemberReference((MemberReferenceHandle)handle);
                if (member.GetKind() != MemberReferenceKind.Method) return null;
                var signature = member.DecodeMethodSignature(new TypeNames(md), null);
                return (ParentName(md, member.Parent), md.GetString(member.Name), signature.ParameterTypes);
            case HandleKind.MethodSpecification:
                return Callee(md, md.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            case HandleKind.MethodDefinition:
                var definition = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                return (FullName(md, md.GetTypeDefinition(definition.GetDeclaringType())), md.GetString(definition.Name),
                    definition.DecodeSignature(new TypeNames(md), null).ParameterTypes);
            default:
                return null;
        }
    }

    private static string ParentName(MetadataReader md, EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeReference => RefName(md, (TypeReferenceHandle)parent),
        HandleKind.TypeSpecification => "generic",
        _ => "",
    };

    private static string RefName(MetadataReader md, TypeReferenceHandle handle)
    {
        var r = md.GetTypeReference(handle);
        var name = md.GetString(r.Name);
        return r.ResolutionScope.Kind == HandleKind.TypeReference
            ? RefName(md, (TypeReferenceHandle)r.ResolutionScope) + "/" + name
            : $"{md.GetString(r.Namespace)}.{name}";
    }

    private static string FullName(MetadataReader md, TypeDefinition type) =>
        type.GetDeclaringType() is { IsNil: false } outer ? FullName(md, md.GetTypeDefinition(outer)) + "/" + md.GetString(type.Name)
            : $"{md.GetString(type.Namespace)}.{md.GetString(type.Name)}";

    private static int ReadOpCode(ref BlobReader il)
    {
        int op = il.ReadByte();
        return op == 0xFE ? 0xFE00 | il.ReadByte() : op;
    }

    /// <summary>Skips an instruction's operand (ECMA-335 III: sizes by opcode).</summary>
    private static void SkipOperand(ref BlobReader il, int op)
    {
        switch (op)
        {
            case 0x20 or 0x22 or (>= 0x27 and <= 0x29) or (>= 0x38 and <= 0x44) or 0x70 or 0x71 or 0x72 or 0x74 or 0x75 or 0x79 or 0x7B or 0x7C or 0x7D
                or 0x7E or 0x7F or 0x80 or 0x81 or 0x8C or 0x8D or 0x8F or 0xA3 or 0xA4 or 0xA5 or 0xC2 or 0xC6 or 0xD0 or 0xDD
                or 0xFE06 or 0xFE07 or 0xFE15 or 0xFE16 or 0xFE1C:
                il.Offset += 4; break;
            case 0x21 or 0x23: il.Offset += 8; break;
            case (>= 0x0E and <= 0x13) or 0x1F or (>= 0x2B and <= 0x37) or 0xDE or 0xFE12 or 0xFE19:
                il.Offset += 1; break;
            case 0xFE09 or 0xFE0A or 0xFE0B or 0xFE0C or 0xFE0D or 0xFE0E:
                il.Offset += 2; break;
            case 0x45:
                var n = il.ReadInt32();
                il.Offset += 4 * n; break;
        }
    }

    /// <summary>Parameter type names of a signature (short names: Double, Tensor, Scalar …).</summary>
    private sealed class TypeNames(MetadataReader md) : ISignatureTypeProvider<string, object?>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => md.GetString(reader.GetTypeDefinition(handle).Name);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => md.GetString(reader.GetTypeReference(handle).Name);
        public string GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) => "spec";
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetGenericInstantiation(string genericType, System.Collections.Immutable.ImmutableArray<string> typeArguments) => genericType;
        public string GetGenericMethodParameter(object? context, int index) => "!!" + index;
        public string GetGenericTypeParameter(object? context, int index) => "!" + index;
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
    }
}
