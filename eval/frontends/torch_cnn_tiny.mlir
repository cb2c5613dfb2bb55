module attributes {torch.debug_module_name = "TinyCNN"} {
  ml_program.global private mutable @global_seed(dense<0> : tensor<i64>) : tensor<i64>
  func.func @forward(%arg0: tensor<1x3x8x8xf32>) -> tensor<1x5xf32> {
    %cst_0 = arith.constant 0.000000e+00 : f32
    %cst_1 = arith.constant 1.000000e-05 : f64
    %cst_2 = arith.constant -3.40282347E+38 : f32
    %cst_3 = arith.constant 16.0 : f32
    %padded0 = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%p0: index, %p1: index, %p2: index, %p3: index):
      tensor.yield %cst_0 : f32
    } : tensor<1x3x8x8xf32> to tensor<1x3x10x10xf32>
    %flat2 = arith.constant dense<[-0.2612, 0.4135, 0.1125, 0.4270, -0.4507, 0.3558, -0.1390, -0.4469, -0.4312, 0.4839, 0.4728, 0.0313, -0.0481, 0.0478, 0.1050, 0.2774, 0.2798, -0.0819, -0.0259, 0.3521, -0.1375, -0.0185, -0.4081, 0.2491, 0.3342, -0.1419, -0.3212, 0.4818, -0.3779, -0.0452, -0.0437, -0.3920, -0.3860, 0.1216, 0.2728, -0.4155, 0.1056, 0.4263, -0.2343, 0.0905, -0.1473, -0.1872, 0.0125, 0.2117, -0.1902, -0.3418, 0.3741, 0.1256, -0.1207, 0.4964, -0.0154, -0.3219, -0.2463, 0.4207, 0.0880, -0.0072, -0.3251, -0.0660, -0.3214, -0.4980, 0.1916, 0.2600, -0.3553, 0.0430, 0.2419, 0.3828, -0.1287, -0.0933, 0.1384, 0.3286, 0.0036, -0.0182, 0.2857, 0.4572, -0.1756, 0.3848, -0.2929, -0.2227, 0.4497, 0.2149, -0.2912, -0.4479, -0.2062, 0.3260, 0.2600, -0.2894, 0.0093, 0.2564, -0.0827, -0.1701, -0.1477, -0.2945, 0.3708, -0.2955, 0.1789, 0.1997, -0.0596, -0.2314, 0.0239, -0.1632, -0.3995, -0.1140, -0.0341, 0.2506, 0.3615, 0.2738, -0.2684, 0.1856]> : tensor<108xf32>
    %weight1 = tensor.expand_shape %flat2 [[0, 1, 2, 3]] output_shape [4, 3, 3, 3] : tensor<108xf32> into tensor<4x3x3x3xf32>
    %weight3 = arith.constant dense<[-0.2608, -0.4958, -0.2028, 0.4640]> : tensor<4xf32>
    %empty4 = tensor.empty() : tensor<1x4x8x8xf32>
    %gen5 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%weight3 : tensor<4xf32>) outs(%empty4 : tensor<1x4x8x8xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<1x4x8x8xf32>
    %conv6 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%padded0, %weight1 : tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>) outs(%gen5 : tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
    %weight7 = arith.constant dense<[-0.2604, -0.4051, 0.4819, -0.4990]> : tensor<4xf32>
    %weight8 = arith.constant dense<[-0.2601, -0.3144, 0.1666, -0.4620]> : tensor<4xf32>
    %weight9 = arith.constant dense<[-0.2597, -0.2237, -0.1487, -0.4250]> : tensor<4xf32>
    %weight10 = arith.constant dense<[-0.2593, -0.1330, -0.4640, -0.3879]> : tensor<4xf32>
    %empty11 = tensor.empty() : tensor<1x4x8x8xf32>
    %gen12 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%conv6, %weight7, %weight8, %weight9, %weight10 : tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) outs(%empty11 : tensor<1x4x8x8xf32>) {
    ^bb0(%in0: f32, %in1: f32, %in2: f32, %in3: f32, %in4: f32, %out: f32):
      %e = arith.truncf %cst_1 : f64 to f32
      %s = arith.subf %in0, %in1 : f32
      %va = math.absf %in2 : f32
      %ve = arith.addf %va, %e : f32
      %r = math.rsqrt %ve : f32
      %n = arith.mulf %s, %r : f32
      %g = arith.mulf %n, %in3 : f32
      %y = arith.addf %g, %in4 : f32
      linalg.yield %y : f32
    } -> tensor<1x4x8x8xf32>
    %empty13 = tensor.empty() : tensor<1x4x8x8xf32>
    %gen14 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%gen12 : tensor<1x4x8x8xf32>) outs(%empty13 : tensor<1x4x8x8xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %c = arith.cmpf ugt, %in0, %cst_0 : f32
      %r = arith.select %c, %in0, %cst_0 : f32
      linalg.yield %r : f32
    } -> tensor<1x4x8x8xf32>
    %padded15 = tensor.pad %gen14 low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%p0: index, %p1: index, %p2: index, %p3: index):
      tensor.yield %cst_2 : f32
    } : tensor<1x4x8x8xf32> to tensor<1x4x10x10xf32>
    %empty16 = tensor.empty() : tensor<1x4x4x4xf32>
    %fill17 = linalg.fill ins(%cst_2 : f32) outs(%empty16 : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
    %empty18 = tensor.empty() : tensor<3x3xf32>
    %pool19 = linalg.pooling_nchw_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%padded15, %empty18 : tensor<1x4x10x10xf32>, tensor<3x3xf32>) outs(%fill17 : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
    %padded20 = tensor.pad %pool19 low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%p0: index, %p1: index, %p2: index, %p3: index):
      tensor.yield %cst_0 : f32
    } : tensor<1x4x4x4xf32> to tensor<1x4x6x6xf32>
    %flat22 = arith.constant dense<[-0.2589, -0.0423, 0.2207, -0.3509, -0.4519, -0.1580, 0.4472, 0.0500, -0.3789, -0.1714, 0.1952, 0.1401, -0.1870, -0.2413, 0.4750, 0.0740, 0.1987, 0.0093, -0.2344, -0.3272, 0.0090, 0.3585, -0.3867, -0.3206, 0.0386, -0.4910, 0.2748, 0.0842, 0.4812, -0.3413, 0.4819, -0.4613, 0.3939, -0.2400, -0.3429, 0.1210, 0.2450, 0.3584, 0.1564, -0.0304, 0.2477, 0.1505, 0.3700, -0.4489, 0.4333, -0.3472, -0.2439, -0.4227, -0.3335, -0.3791, 0.1385, -0.1629, 0.0563, 0.1105, -0.1556, 0.4596, 0.4659, 0.3212, -0.4884, 0.3729, 0.0736, -0.3878, -0.3579, -0.0249, 0.1895, 0.3323, 0.2315, 0.2826, -0.2208, 0.3534, 0.0519, 0.0722, 0.3997, 0.4491, 0.4152, -0.2187, 0.4986, -0.0914, 0.4973, 0.1828, 0.2813, 0.0261, -0.4513, 0.0997, -0.4014, 0.3579, -0.4278, -0.3236, -0.4425, -0.1145, 0.2935, -0.0302, -0.1904, 0.4772, -0.4957, -0.1215, -0.2816, 0.2882, 0.1058, -0.3261, -0.1396, -0.0105, 0.4302, -0.3500, -0.4381, -0.0332, -0.3315, -0.3438, 0.4254, -0.1205, 0.4834, -0.4697, 0.0477, 0.2212, 0.1346, -0.3038, 0.3843, -0.2292, -0.3053, 0.4421, 0.4624, 0.0771, 0.1845, -0.3547, 0.3947, 0.3652, -0.2950, -0.0410, -0.1009, -0.4933, -0.1051, -0.2742, -0.2238, -0.0556, 0.2909, 0.1356, 0.0476, -0.2887, 0.4203, 0.3915, -0.2915, -0.0650, -0.2977, -0.0998]> : tensor<144xf32>
    %weight21 = tensor.expand_shape %flat22 [[0, 1, 2, 3]] output_shape [4, 4, 3, 3] : tensor<144xf32> into tensor<4x4x3x3xf32>
    %weight23 = arith.constant dense<[-0.2585, 0.0484, -0.0946, -0.3139]> : tensor<4xf32>
    %empty24 = tensor.empty() : tensor<1x4x4x4xf32>
    %gen25 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%weight23 : tensor<4xf32>) outs(%empty24 : tensor<1x4x4x4xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<1x4x4x4xf32>
    %conv26 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%padded20, %weight21 : tensor<1x4x6x6xf32>, tensor<4x4x3x3xf32>) outs(%gen25 : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
    %weight27 = arith.constant dense<[-0.2581, 0.1391, -0.4098, -0.2769]> : tensor<4xf32>
    %weight28 = arith.constant dense<[-0.2577, 0.2298, 0.2749, -0.2399]> : tensor<4xf32>
    %weight29 = arith.constant dense<[-0.2573, 0.3205, -0.0404, -0.2029]> : tensor<4xf32>
    %weight30 = arith.constant dense<[-0.2570, 0.4112, -0.3557, -0.1658]> : tensor<4xf32>
    %empty31 = tensor.empty() : tensor<1x4x4x4xf32>
    %gen32 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%conv26, %weight27, %weight28, %weight29, %weight30 : tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) outs(%empty31 : tensor<1x4x4x4xf32>) {
    ^bb0(%in0: f32, %in1: f32, %in2: f32, %in3: f32, %in4: f32, %out: f32):
      %e = arith.truncf %cst_1 : f64 to f32
      %s = arith.subf %in0, %in1 : f32
      %va = math.absf %in2 : f32
      %ve = arith.addf %va, %e : f32
      %r = math.rsqrt %ve : f32
      %n = arith.mulf %s, %r : f32
      %g = arith.mulf %n, %in3 : f32
      %y = arith.addf %g, %in4 : f32
      linalg.yield %y : f32
    } -> tensor<1x4x4x4xf32>
    %empty33 = tensor.empty() : tensor<1x4x4x4xf32>
    %gen34 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%gen32 : tensor<1x4x4x4xf32>) outs(%empty33 : tensor<1x4x4x4xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %c = arith.cmpf ugt, %in0, %cst_0 : f32
      %r = arith.select %c, %in0, %cst_0 : f32
      linalg.yield %r : f32
    } -> tensor<1x4x4x4xf32>
    %padded35 = tensor.pad %gen34 low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%p0: index, %p1: index, %p2: index, %p3: index):
      tensor.yield %cst_0 : f32
    } : tensor<1x4x4x4xf32> to tensor<1x4x6x6xf32>
    %flat37 = arith.constant dense<[-0.2566, -0.4981, 0.3290, -0.1288, -0.4531, 0.3283, 0.0334, -0.4531, -0.3266, 0.1733, -0.0825, 0.2490, -0.3258, 0.4697, -0.1550, -0.1294, 0.1177, 0.1005, -0.4429, -0.0065, 0.1555, -0.2645, -0.3653, 0.1097, -0.2570, 0.1598, -0.1292, -0.3133, 0.3403, 0.3625, 0.0076, 0.4695, 0.1738, 0.3983, 0.0413, -0.3425, 0.3845, 0.2904, -0.4529, -0.1513, -0.3572, 0.4883, -0.2725, -0.1095, 0.0569, -0.3525, 0.1380, 0.0289, 0.4537, -0.2546, 0.2924, -0.0039, 0.3590, -0.1997, -0.3991, -0.0735, 0.2569, -0.2916, 0.3446, 0.2439, -0.0443, -0.0356, -0.3606, -0.0929, 0.1371, 0.2818, -0.4083, -0.3415, 0.4201, 0.3782, 0.1002, 0.1626, -0.4863, 0.4411, 0.0060, 0.1779, 0.2901, 0.0398, -0.4551, 0.1507, -0.1462, -0.4999, 0.3036, -0.1265, -0.0629, 0.0052, 0.1351, 0.0964, 0.1977, -0.0588, -0.2653, 0.2340, 0.2483, 0.2500, -0.1703, -0.4428, 0.4964, -0.1922, 0.1878, -0.4890, 0.1203, 0.0930, -0.1055, 0.0494, -0.2376, -0.3403, -0.3947, 0.1268, -0.2342, 0.1829, -0.2757, -0.2622, 0.0325, 0.0902, -0.2877, 0.1454, -0.1670, 0.0466, -0.0218, 0.1878, 0.1429, -0.1934, 0.0571, -0.1942, 0.3371, 0.2009, 0.0264, 0.1796, 0.3176, 0.2724, 0.3654, 0.1175, 0.4046, -0.1736, -0.2901, -0.4148, -0.4318, -0.0871, 0.2057, -0.4814, -0.1706, 0.0035, 0.4134, 0.3081]> : tensor<144xf32>
    %weight36 = tensor.expand_shape %flat37 [[0, 1, 2, 3]] output_shape [4, 4, 3, 3] : tensor<144xf32> into tensor<4x4x3x3xf32>
    %weight38 = arith.constant dense<[-0.2562, -0.4074, 0.0137, -0.0918]> : tensor<4xf32>
    %empty39 = tensor.empty() : tensor<1x4x4x4xf32>
    %gen40 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%weight38 : tensor<4xf32>) outs(%empty39 : tensor<1x4x4x4xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<1x4x4x4xf32>
    %conv41 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%padded35, %weight36 : tensor<1x4x6x6xf32>, tensor<4x4x3x3xf32>) outs(%gen40 : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
    %weight42 = arith.constant dense<[-0.2558, -0.3167, -0.3016, -0.0548]> : tensor<4xf32>
    %weight43 = arith.constant dense<[-0.2554, -0.2260, 0.3831, -0.0178]> : tensor<4xf32>
    %weight44 = arith.constant dense<[-0.2550, -0.1352, 0.0678, 0.0192]> : tensor<4xf32>
    %weight45 = arith.constant dense<[-0.2546, -0.0445, -0.2475, 0.0563]> : tensor<4xf32>
    %empty46 = tensor.empty() : tensor<1x4x4x4xf32>
    %gen47 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d1)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%conv41, %weight42, %weight43, %weight44, %weight45 : tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) outs(%empty46 : tensor<1x4x4x4xf32>) {
    ^bb0(%in0: f32, %in1: f32, %in2: f32, %in3: f32, %in4: f32, %out: f32):
      %e = arith.truncf %cst_1 : f64 to f32
      %s = arith.subf %in0, %in1 : f32
      %va = math.absf %in2 : f32
      %ve = arith.addf %va, %e : f32
      %r = math.rsqrt %ve : f32
      %n = arith.mulf %s, %r : f32
      %g = arith.mulf %n, %in3 : f32
      %y = arith.addf %g, %in4 : f32
      linalg.yield %y : f32
    } -> tensor<1x4x4x4xf32>
    %empty48 = tensor.empty() : tensor<1x4x4x4xf32>
    %gen49 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%gen47, %pool19 : tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) outs(%empty48 : tensor<1x4x4x4xf32>) {
    ^bb0(%in0: f32, %in1: f32, %out: f32):
      %s = arith.addf %in0, %in1 : f32
      linalg.yield %s : f32
    } -> tensor<1x4x4x4xf32>
    %empty50 = tensor.empty() : tensor<1x4x4x4xf32>
    %gen51 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%gen49 : tensor<1x4x4x4xf32>) outs(%empty50 : tensor<1x4x4x4xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %c = arith.cmpf ugt, %in0, %cst_0 : f32
      %r = arith.select %c, %in0, %cst_0 : f32
      linalg.yield %r : f32
    } -> tensor<1x4x4x4xf32>
    %empty52 = tensor.empty() : tensor<1x4x1x1xf32>
    %fill53 = linalg.fill ins(%cst_0 : f32) outs(%empty52 : tensor<1x4x1x1xf32>) -> tensor<1x4x1x1xf32>
    %empty54 = tensor.empty() : tensor<4x4xf32>
    %sum55 = linalg.pooling_nchw_sum {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%gen51, %empty54 : tensor<1x4x4x4xf32>, tensor<4x4xf32>) outs(%fill53 : tensor<1x4x1x1xf32>) -> tensor<1x4x1x1xf32>
    %empty56 = tensor.empty() : tensor<1x4x1x1xf32>
    %gen57 = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%sum55 : tensor<1x4x1x1xf32>) outs(%empty56 : tensor<1x4x1x1xf32>) {
    ^bb0(%in0: f32, %out: f32):
      %d = arith.divf %in0, %cst_3 : f32
      linalg.yield %d : f32
    } -> tensor<1x4x1x1xf32>
    %flat58 = tensor.collapse_shape %gen57 [[0], [1, 2, 3]] : tensor<1x4x1x1xf32> into tensor<1x4xf32>
    %flat60 = arith.constant dense<[-0.2542, 0.0462, 0.4372, 0.0933, -0.4543, -0.1854, -0.3803, 0.0439, -0.2743, -0.4820, -0.3601, 0.3579, -0.4646, 0.1806, 0.2149, -0.3329, 0.0366, 0.1917, 0.3486, 0.3142]> : tensor<20xf32>
    %weight59 = tensor.expand_shape %flat60 [[0, 1]] output_shape [5, 4] : tensor<20xf32> into tensor<5x4xf32>
    %weight61 = arith.constant dense<[-0.2539, 0.1369, 0.1219, 0.1303, 0.2122]> : tensor<5xf32>
    %empty62 = tensor.empty() : tensor<4x5xf32>
    %gen63 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%weight59 : tensor<5x4xf32>) outs(%empty62 : tensor<4x5xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<4x5xf32>
    %empty64 = tensor.empty() : tensor<1x5xf32>
    %gen65 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%weight61 : tensor<5xf32>) outs(%empty64 : tensor<1x5xf32>) {
    ^bb0(%in0: f32, %out: f32):
      linalg.yield %in0 : f32
    } -> tensor<1x5xf32>
    %mm66 = linalg.matmul ins(%flat58, %gen63 : tensor<1x4xf32>, tensor<4x5xf32>) outs(%gen65 : tensor<1x5xf32>) -> tensor<1x5xf32>
    return %mm66 : tensor<1x5xf32>
  }
}
