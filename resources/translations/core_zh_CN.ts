<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>CoreMessages</name>
        <message>
            <location filename="../../playground/core/atomic.py" line="84" />
            <source>Cannot write {path}: {reason}.</source>
            <translation>无法写入 {path}：{reason}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/checkpoint.py" line="267" />
            <source>{path}: cannot resume exactly, the training state does not match the weights (iteration {iter}): {reason}.</source>
            <translation>{path}：无法精确地继续训练，训练状态与权重（第 {iter} 步）不匹配：{reason}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/checkpoint.py" line="328" />
            <source>{path} is a pickle-based (PyTorch .pt-style) file. Loading it could run code hidden inside it, so Transformer Playground never loads such files. Open a run folder whose weights are in model.safetensors instead.</source>
            <translation>{path} 是基于 pickle 的文件（PyTorch .pt 格式）。加载它可能会执行其中隐藏的代码，所以 Transformer Playground 从不加载这类文件。请改为打开权重保存在 model.safetensors 中的运行文件夹。</translation>
        </message>
        <message>
            <location filename="../../playground/core/checkpoint.py" line="159" />
            <source>{path} is damaged or not a safetensors file ({reason}).</source>
            <translation>{path} 已损坏，或不是 safetensors 文件（{reason}）。</translation>
        </message>
        <message>
            <location filename="../../playground/core/checkpoint.py" line="151" />
            <source>{path} does not match the model described in config.json: {reason}</source>
            <translation>{path} 与 config.json 描述的模型不符：{reason}</translation>
        </message>
        <message>
            <location filename="../../playground/core/checkpoint.py" line="201" />
            <source>{path}: {reason}</source>
            <translation>{path}：{reason}</translation>
        </message>
        <message>
            <location filename="../../playground/core/compare.py" line="94" />
            <source>Comparing needs at least two runs; {count} given.</source>
            <translation>比较至少需要两个运行；只给了 {count} 个。</translation>
        </message>
        <message>
            <location filename="../../playground/core/compare.py" line="88" />
            <source>{name} cannot be compared: {reason}</source>
            <translation>无法比较 {name}：{reason}</translation>
        </message>
        <message>
            <location filename="../../playground/core/config.py" line="148" />
            <source>Expected an object for {section}, got {kind}.</source>
            <translation>{section} 应为一个对象，实际是 {kind}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/config.py" line="153" />
            <source>Unknown setting(s) for {section}: {names}.</source>
            <translation>{section} 中有未知的设置：{names}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/config.py" line="250" />
            <source>Unknown preset {name}; choose one of {choices}.</source>
            <translation>未知的预设 {name}；请从 {choices} 中选择。</translation>
        </message>
        <message>
            <location filename="../../playground/core/config.py" line="34" />
            <source>n_embd ({n_embd}) must be divisible by n_head ({n_head}): each head gets n_embd / n_head dimensions. Try n_embd = {suggested}.</source>
            <translation>嵌入维度 n_embd（{n_embd}）必须能被注意力头数 n_head（{n_head}）整除：每个头分到 n_embd / n_head 维。可以试试 n_embd = {suggested}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/config.py" line="69" />
            <source>min_lr ({min_lr:g}) must not exceed learning_rate ({learning_rate:g}).</source>
            <translation>最终学习率 min_lr（{min_lr:g}）不能大于学习率 learning_rate（{learning_rate:g}）。</translation>
        </message>
        <message>
            <location filename="../../playground/core/config.py" line="112" />
            <source>top_p must be greater than 0 (1 keeps every token).</source>
            <translation>top_p 必须大于 0（为 1 时保留所有词元）。</translation>
        </message>
        <message>
            <location filename="../../playground/core/config.py" line="185" />
            <source>{name}: expected {kind}, got {value}.</source>
            <translation>{name}：应为 {kind}，实际是 {value}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/config.py" line="202" />
            <source>{name} must be one of {choices}; got {value}.</source>
            <translation>{name} 必须是 {choices} 之一；当前为 {value}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/config.py" line="205" />
            <source>{name} must be at least {min:g}; got {value:g}.</source>
            <translation>{name} 至少为 {min:g}；当前为 {value:g}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/config.py" line="208" />
            <source>{name} must be at most {max:g}; got {value:g}.</source>
            <translation>{name} 至多为 {max:g}；当前为 {value:g}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/config.py" line="142" />
            <source>Malformed configuration: {detail}</source>
            <translation>配置格式有误：{detail}</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="141" />
            <source>Cannot read {path}: {reason}.</source>
            <translation>无法读取 {path}：{reason}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="177" />
            <source>{path} is {size}, more than the {limit} limit (the text is held in memory several times while it is turned into tokens). Use a part of it.</source>
            <translation>{path} 有 {size}，超过了 {limit} 的上限（切分为词元时，文本会在内存中保存好几份）。请只用其中一部分。</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="239" />
            <source>Unknown demo corpus {name}; choose one of {choices}.</source>
            <translation>未知的示例语料 {name}；请从 {choices} 中选择。</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="96" />
            <source>{path} is empty (or holds only whitespace): there is no text to train on.</source>
            <translation>{path} 是空的（或只有空白）：没有可以训练的文本。</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="107" />
            <source>The folder {path} has no text files to train on: looked for {extensions} files (in subfolders too, skipping hidden ones).</source>
            <translation>文件夹 {path} 中没有可以训练的文本文件：查找了 {extensions} 文件（包括子文件夹，跳过隐藏文件）。</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="112" />
            <source>The text files in {path} add up to {size}, more than the {limit} limit (the text is held in memory several times while it is turned into tokens). Use a part of it.</source>
            <translation>{path} 中的文本文件合计 {size}，超过了 {limit} 的上限（切分为词元时，文本会在内存中保存好几份）。请只用其中一部分。</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="124" />
            <source>The text files in {path} are all empty: there is no text to train on.</source>
            <translation>{path} 中的文本文件都是空的：没有可以训练的文本。</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="138" />
            <source>No such file or folder: {path}</source>
            <translation>没有这个文件或文件夹：{path}</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="140" />
            <source>Cannot read {path}: permission denied.</source>
            <translation>无法读取 {path}：没有权限。</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="164" />
            <source>{path} is not a regular file or folder.</source>
            <translation>{path} 不是普通文件或文件夹。</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="171" />
            <source>{path} grew past the {limit} limit while it was read. Use a part of it, or a copy that no longer changes.</source>
            <translation>{path} 在读取过程中增长，超过了 {limit} 的上限。请使用其中一部分，或使用一个不再变化的副本。</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="222" />
            <source>The pasted text is empty: there is nothing to train on.</source>
            <translation>粘贴的文本是空的：没有可以训练的内容。</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="263" />
            <source>This run was trained on pasted text, which is not kept on disk: paste the text again or choose a file.</source>
            <translation>这个运行是用粘贴的文本训练的，而粘贴的文本不会保存在磁盘上：请重新粘贴文本，或选择一个文件。</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="195" />
            <source>{path}, line {line}: expected a JSON object with a string "text" field, like {{"text": "..."}}.</source>
            <translation>{path} 第 {line} 行：应为带有字符串字段 "text" 的 JSON 对象，例如 {{"text": "..."}}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="190" />
            <source>{path}, line {line}: not valid JSON ({reason}). Each line of a .jsonl file must be one JSON object like {{"text": "..."}}.</source>
            <translation>{path} 第 {line} 行：不是有效的 JSON（{reason}）。.jsonl 文件的每一行都必须是一个 JSON 对象，例如 {{"text": "..."}}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/corpus.py" line="231" />
            <source>The Python documentation demo is not available: this Python installation lacks the pydoc_data module (some Linux distributions ship it separately). Try the arithmetic demo or your own text.</source>
            <translation>无法使用 Python 文档示例：这个 Python 安装缺少 pydoc_data 模块（有些 Linux 发行版把它单独打包）。请试试算术示例或你自己的文本。</translation>
        </message>
        <message>
            <location filename="../../playground/core/costs.py" line="143" />
            <source>This configuration needs about {total} of memory to train (weights {weights}, gradients and optimizer {optimizer}, activations {activations}), but {device} has {available} in all. {advice}</source>
            <translation>训练这个配置大约需要 {total} 内存（权重 {weights}，梯度和优化器 {optimizer}，激活 {activations}），但{device}总共只有 {available}。{advice}</translation>
        </message>
        <message>
            <location filename="../../playground/core/costs.py" line="163" />
            <source>This model needs about {total} of memory to load and generate with ({params} parameters), but {device} has {available} in all.</source>
            <translation>加载此模型并用它生成文本约需 {total} 内存（{params} 个参数），但{device}总共只有 {available}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/costs.py" line="117" />
            <source>the GPU</source>
            <translation>GPU</translation>
        </message>
        <message>
            <location filename="../../playground/core/costs.py" line="117" />
            <source>this computer</source>
            <translation>这台电脑</translation>
        </message>
        <message>
            <location filename="../../playground/core/costs.py" line="137" />
            <source>Make the model smaller (n_embd, n_layer).</source>
            <translation>请把模型调小（嵌入维度 n_embd、层数 n_layer）。</translation>
        </message>
        <message>
            <location filename="../../playground/core/costs.py" line="139" />
            <source>Lower block_size (the context window) or batch_size.</source>
            <translation>请降低上下文长度 block_size 或批大小 batch_size。</translation>
        </message>
        <message>
            <location filename="../../playground/core/costs.py" line="141" />
            <source>Lower batch_size or block_size (gradient accumulation, grad_accum, keeps the effective batch with less memory).</source>
            <translation>请降低批大小 batch_size 或上下文长度 block_size（梯度累积 grad_accum 能用更少的内存保持有效批大小）。</translation>
        </message>
        <message>
            <location filename="../../playground/core/dataset.py" line="58" />
            <source>The text is too short: {tokens:,} tokens, but training needs at least {needed:,} (two context windows of block_size+1 = {window:,} tokens, one for training and one for validation). Use more text or a smaller context window (block_size, now {block_size:,}).</source>
            <translation>文本太短：只有 {tokens:,} 个词元，但训练至少需要 {needed:,} 个（两个 block_size+1 = {window:,} 个词元的上下文窗口，一个用于训练，一个用于验证）。请使用更多文本，或减小上下文长度（block_size，当前为 {block_size:,}）。</translation>
        </message>
        <message>
            <location filename="../../playground/core/devices.py" line="21" />
            <source>device 'cuda' was asked for, but PyTorch sees no CUDA GPU here.</source>
            <translation>要求使用设备 'cuda'，但 PyTorch 在这里找不到 CUDA GPU。</translation>
        </message>
        <message>
            <location filename="../../playground/core/devices.py" line="23" />
            <source>device 'mps' was asked for, but Apple's Metal backend is not available here.</source>
            <translation>要求使用设备 'mps'，但这里没有 Apple 的 Metal 后端。</translation>
        </message>
        <message>
            <location filename="../../playground/core/devices.py" line="54" />
            <source>dtype float16 needs a CUDA GPU; use bfloat16 or float32 here.</source>
            <translation>数值格式 float16 需要 CUDA GPU；这里请使用 bfloat16 或 float32。</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="43" />
            <source>The text</source>
            <translation>这段文本</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="151" />
            <source>Training needs plain text: a .txt, .md or .jsonl file, e.g. exported or copied from the original as plain text.</source>
            <translation>训练需要纯文本：.txt、.md 或 .jsonl 文件，例如把原文件导出或复制为纯文本。</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="155" />
            <source>{what} looks like a binary file (e.g. a PDF, image or archive), not text. {advice}</source>
            <translation>{what} 看起来是二进制文件（例如 PDF、图片或压缩包），不是文本。{advice}</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="14" />
            <source>a PDF document</source>
            <translation>PDF 文档</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="15" />
            <source>a ZIP archive (Word .docx, EPUB and OpenDocument files are ZIP archives too)</source>
            <translation>ZIP 压缩包（Word .docx、EPUB 和 OpenDocument 文件也都是 ZIP 压缩包）</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="16" />
            <source>a PNG image</source>
            <translation>PNG 图片</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="17" />
            <source>a JPEG image</source>
            <translation>JPEG 图片</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="18" />
            <source>a GIF image</source>
            <translation>GIF 图片</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="20" />
            <source>a gzip-compressed file</source>
            <translation>gzip 压缩文件</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="21" />
            <source>an old Microsoft Office document (.doc/.xls)</source>
            <translation>旧版 Microsoft Office 文档（.doc/.xls）</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="22" />
            <source>a 7-Zip archive</source>
            <translation>7-Zip 压缩包</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="23" />
            <source>a RAR archive</source>
            <translation>RAR 压缩包</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="24" />
            <source>a bzip2-compressed file</source>
            <translation>bzip2 压缩文件</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="25" />
            <source>an xz-compressed file</source>
            <translation>xz 压缩文件</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="26" />
            <source>a program (ELF executable)</source>
            <translation>程序（ELF 可执行文件）</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="154" />
            <source>{what} is {format}, not text. {advice}</source>
            <translation>{what} 是{format}，不是文本。{advice}</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="75" />
            <source>{what} looks like {encoding} text but cannot be decoded as such throughout. Re-save it as UTF-8.</source>
            <translation>{what} 看起来是 {encoding} 编码的文本，但无法全部按此编码解码。请另存为 UTF-8。</translation>
        </message>
        <message>
            <location filename="../../playground/core/encodings.py" line="53" />
            <source>{what} starts like {encoding} text (it has a byte order mark) but is not valid {encoding} at byte {offset}. Re-save it as UTF-8.</source>
            <translation>{what} 开头像 {encoding} 文本（有字节顺序标记），但在第 {offset} 字节处不是有效的 {encoding}。请另存为 UTF-8。</translation>
        </message>
        <message>
            <location filename="../../playground/core/errors.py" line="72" />
            <source>the disk quota is used up</source>
            <translation>磁盘配额已用完</translation>
        </message>
        <message>
            <location filename="../../playground/core/errors.py" line="73" />
            <source>the disk is full</source>
            <translation>磁盘已满</translation>
        </message>
        <message>
            <location filename="../../playground/core/errors.py" line="74" />
            <source>the disk is read-only</source>
            <translation>磁盘是只读的</translation>
        </message>
        <message>
            <location filename="../../playground/core/errors.py" line="75" />
            <source>permission denied</source>
            <translation>没有权限</translation>
        </message>
        <message>
            <location filename="../../playground/core/errors.py" line="77" />
            <source>its folder does not exist</source>
            <translation>所在的文件夹不存在</translation>
        </message>
        <message>
            <location filename="../../playground/core/errors.py" line="78" />
            <source>a part of the path is a file, not a folder</source>
            <translation>路径中有一部分是文件而不是文件夹</translation>
        </message>
        <message>
            <location filename="../../playground/core/errors.py" line="79" />
            <source>it is a folder</source>
            <translation>它是一个文件夹</translation>
        </message>
        <message>
            <location filename="../../playground/core/errors.py" line="80" />
            <source>the name is too long</source>
            <translation>名称太长</translation>
        </message>
        <message>
            <location filename="../../playground/core/errors.py" line="81" />
            <source>too many files are open</source>
            <translation>打开的文件太多</translation>
        </message>
        <message>
            <location filename="../../playground/core/errors.py" line="82" />
            <source>input/output error: the disk or its connection may be failing</source>
            <translation>输入/输出错误：磁盘或其连接可能出了故障</translation>
        </message>
        <message>
            <location filename="../../playground/core/folders.py" line="34" />
            <source>{count} file(s) or folder(s) in {path} could not be read and were skipped, e.g. {first} ({reason}).</source>
            <translation>{path} 中有 {count} 个文件或文件夹无法读取，已跳过，例如 {first}（{reason}）。</translation>
        </message>
        <message>
            <location filename="../../playground/core/folders.py" line="32" />
            <source>it does not exist: a broken link, or deleted meanwhile</source>
            <translation>它不存在：链接已失效，或在读取期间被删除</translation>
        </message>
        <message>
            <location filename="../../playground/core/readers.py" line="48" />
            <source>{path} is not a regular file (it is a folder, a pipe, a device or a socket), so it is not read.</source>
            <translation>{path} 不是普通文件（而是文件夹、管道、设备或套接字），因此不会读取它。</translation>
        </message>
        <message>
            <location filename="../../playground/core/readers.py" line="51" />
            <source>{path} is too large to be what it claims: {size} bytes, where at most {limit} are expected.</source>
            <translation>{path} 太大，不可能是它声称的文件：{size} 字节，而预期最多 {limit} 字节。</translation>
        </message>
        <message>
            <location filename="../../playground/core/readers.py" line="108" />
            <source>{path} is damaged: expected a JSON object.</source>
            <translation>{path} 已损坏：应为一个 JSON 对象。</translation>
        </message>
        <message>
            <location filename="../../playground/core/readers.py" line="64" />
            <source>{path} is missing.</source>
            <translation>缺少 {path}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/readers.py" line="101" />
            <source>{path} is damaged: not valid JSON ({reason}).</source>
            <translation>{path} 已损坏：不是有效的 JSON（{reason}）。</translation>
        </message>
        <message>
            <location filename="../../playground/core/runs.py" line="152" />
            <source>No run folder at {path}.</source>
            <translation>{path} 处没有运行文件夹。</translation>
        </message>
        <message>
            <location filename="../../playground/core/runs.py" line="158" />
            <source>{path}: unknown run format version {version} (this version of Transformer Playground reads version {supported}). Is it from a newer release?</source>
            <translation>{path}：未知的运行格式版本 {version}（这个版本的 Transformer Playground 读取版本 {supported}）。它是不是来自更新的版本？</translation>
        </message>
        <message>
            <location filename="../../playground/core/runs.py" line="177" />
            <source>{path} has {tokens} tokens but the model in {run} expects {expected}: the files do not belong together.</source>
            <translation>{path} 有 {tokens} 个词元，但 {run} 中的模型需要 {expected} 个：这些文件不是配套的。</translation>
        </message>
        <message>
            <location filename="../../playground/core/runs.py" line="220" />
            <source>The corpus {source} has changed since this run started, so training cannot continue on the same data. Start a new run on the new text instead.</source>
            <translation>语料 {source} 在这个运行开始后已被修改，无法在同样的数据上继续训练。请在新文本上开始一个新的运行。</translation>
        </message>
        <message>
            <location filename="../../playground/core/runs.py" line="87" />
            <source>Cannot create the runs folder {path}: {reason}.</source>
            <translation>无法创建运行文件夹 {path}：{reason}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/runs.py" line="98" />
            <source>Cannot create a run folder in {path}: {reason}.</source>
            <translation>无法在 {path} 中创建运行文件夹：{reason}。</translation>
        </message>
        <message>
            <location filename="../../playground/core/runs.py" line="124" />
            <source>Could not find a free run folder name in {path}.</source>
            <translation>在 {path} 中找不到可用的运行文件夹名。</translation>
        </message>
        <message>
            <location filename="../../playground/core/runs.py" line="198" />
            <source>{path} is being trained by another process right now. Wait for it to finish or stop it first.</source>
            <translation>{path} 正在被另一个进程训练。请等它结束，或先停止它。</translation>
        </message>
        <message>
            <location filename="../../playground/core/runs.py" line="214" />
            <source>{path} is missing: the pasted text cannot be recovered.</source>
            <translation>缺少 {path}：无法恢复粘贴的文本。</translation>
        </message>
        <message>
            <location filename="../../playground/core/sampler.py" line="89" />
            <source>The model's output is not a number, so nothing can be sampled from it: its weights hold NaN or infinite values. Train the model again or open another run.</source>
            <translation>模型的输出不是数值，无法从中采样：它的权重含有 NaN 或无穷大。请重新训练模型，或打开另一个运行。</translation>
        </message>
        <message>
            <location filename="../../playground/core/tokenizer.py" line="219" />
            <source>The text has characters that are not in this model's vocabulary: {chars}. This model was trained on a corpus without them; remove or replace them.</source>
            <translation>文本中有这个模型词表里没有的字符：{chars}。训练这个模型的语料中没有它们；请删除或替换这些字符。</translation>
        </message>
        <message>
            <location filename="../../playground/core/tokenizer.py" line="256" />
            <source>Unknown tokenizer {kind}; choose 'char' or 'bpe'.</source>
            <translation>未知的分词器 {kind}；请选择 'char' 或 'bpe'。</translation>
        </message>
        <message>
            <location filename="../../playground/core/tokenizer.py" line="207" />
            <source>Token id {id} is outside this vocabulary (0 to {last}).</source>
            <translation>词元编号 {id} 超出了这个词表的范围（0 到 {last}）。</translation>
        </message>
        <message>
            <location filename="../../playground/core/tokenizer.py" line="280" />
            <source>The saved tokenizer is malformed: expected an object with kind 'char' or 'bpe'.</source>
            <translation>保存的分词器格式有误：应为 kind 是 'char' 或 'bpe' 的对象。</translation>
        </message>
        <message>
            <location filename="../../playground/core/tokenizer.py" line="136" />
            <source>This BPE tokenizer has no {token} token; it was not made by this program.</source>
            <translation>这个 BPE 分词器没有 {token} 词元；它不是本程序生成的。</translation>
        </message>
        <message>
            <location filename="../../playground/core/tokenizer.py" line="204" />
            <source>Token ids must be integers.</source>
            <translation>词元编号必须是整数。</translation>
        </message>
        <message>
            <location filename="../../playground/core/tokenizer.py" line="285" />
            <source>The saved character tokenizer is malformed: 'chars' must be a list of distinct single characters.</source>
            <translation>保存的字符分词器格式有误：'chars' 必须是由互不相同的单个字符组成的列表。</translation>
        </message>
        <message>
            <location filename="../../playground/core/tokenizer.py" line="298" />
            <source>The saved BPE tokenizer is malformed: {reason}</source>
            <translation>保存的 BPE 分词器格式有误：{reason}</translation>
        </message>
        <message>
            <location filename="../../playground/core/tokenizer.py" line="147" />
            <source>The text cannot be tokenized: it holds an invalid character (a lone UTF-16 surrogate, e.g. half of an emoji).</source>
            <translation>无法把文本切分为词元：其中有无效字符（孤立的 UTF-16 代理项，例如半个表情符号）。</translation>
        </message>
        <message>
            <location filename="../../playground/core/trainer.py" line="385" />
            <source>Out of memory: {device} could not hold this model and batch. Lower batch_size, block_size, n_embd or n_layer (or use gradient accumulation). The last checkpoint is kept.</source>
            <translation>内存不足：{device}放不下这个模型和批次。请降低批大小 batch_size、上下文长度 block_size、嵌入维度 n_embd 或层数 n_layer（或使用梯度累积）。最近的检查点已保留。</translation>
        </message>
        <message>
            <location filename="../../playground/core/trainer.py" line="60" />
            <source>The text has {tokens:,} distinct characters, more than the {limit:,} tokens a vocabulary can hold. Use the BPE tokenizer (tokenizer bpe).</source>
            <translation>文本中有 {tokens:,} 个不同的字符，超过了词表最多可容纳的 {limit:,} 个词元。请改用 BPE 分词器（tokenizer bpe）。</translation>
        </message>
        <message>
            <location filename="../../playground/core/trainer.py" line="73" />
            <source>{path} has no saved model yet; start a new run instead.</source>
            <translation>{path} 还没有保存的模型；请开始一个新的运行。</translation>
        </message>
        <message>
            <location filename="../../playground/core/trainer.py" line="82" />
            <source>This run already finished its {max_iters} iterations; give a larger maximum number of iterations to train it further.</source>
            <translation>这个运行已经完成了全部 {max_iters} 步；要继续训练，请设置更大的最大步数。</translation>
        </message>
        <message>
            <location filename="../../playground/core/trainer.py" line="197" />
            <source>The loss became NaN or infinite at iteration {iter}: training diverged. Try a lower learning rate (now {lr:g}), e.g. {lower:.2g}, or gradient clipping. The last good checkpoint (iteration {saved}) is kept.</source>
            <translation>损失在第 {iter} 步变成了 NaN 或无穷大：训练发散了。请试试更低的学习率（当前为 {lr:g}），例如 {lower:.2g}，或使用梯度裁剪。最近一个正常的检查点（第 {saved} 步）已保留。</translation>
        </message>
        <message>
            <location filename="../../playground/core/trainer.py" line="350" />
            <source>{error} Training stopped at iteration {iter}; the checkpoint of iteration {saved} is kept.</source>
            <translation>{error}训练已在第 {iter} 次迭代停止；第 {saved} 次迭代的检查点已保留。</translation>
        </message>
        <message>
            <location filename="../../playground/core/trainer.py" line="348" />
            <source>{error} Training stopped at iteration {iter}, before any checkpoint was saved.</source>
            <translation>{error}训练已在第 {iter} 次迭代停止，尚未保存任何检查点。</translation>
        </message>
        <message>
            <location filename="../../playground/core/trainer.py" line="121" />
            <source>Unexpected error ({kind}: {detail}). The last checkpoint is kept.</source>
            <translation>意外错误（{kind}：{detail}）。最近的检查点已保留。</translation>
        </message>
    </context>
</TS>
